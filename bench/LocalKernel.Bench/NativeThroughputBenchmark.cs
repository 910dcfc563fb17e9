using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// Load time, prompt and generation tokens/s of the direct native loop, per model and thread count.
/// Models: the shared stories260K and a generated ~60M-parameter llama model (or --model; --large adds ~350M).
/// <c>--gpu-layers auto|N</c> sets how many layers a GPU backend (LOCALKERNEL_LLAMA_LIB_DIR or a GPU build) takes;
/// default the connector's (all where a GPU backend loaded; 0 forces the CPU).
/// </summary>
internal static class NativeThroughputBenchmark
{
    private const int PromptTokens = 256;
    private const int GeneratedTokens = 128;

    public static int Run(BenchArguments arguments)
    {
        var backend = LlamaBackend.EnsureLoaded();
        Console.WriteLine(backend);
        var threads = arguments.GetInts("threads", 1, 2);
        var models = BenchModels.Resolve(arguments);
        int? gpuLayers = arguments.Get("gpu-layers") switch
        {
            null => null,
            "auto" => LlamaModelOptions.AutoGpuLayers,
            var n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture),
        };
        Console.WriteLine($"gpu layers: {arguments.Get("gpu-layers") ?? "default"}");

        Console.WriteLine($"{"model",-20} {"params",10} {"load ms",8} {"threads",7} {"prompt t/s",11} {"gen t/s",9}");
        var results = new List<string> { $"cpu_variant={backend.CpuVariant}" };
        foreach (var (name, path) in models)
        {
            var clock = Stopwatch.StartNew();
            using var model = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = gpuLayers });
            double loadMs = clock.Elapsed.TotalMilliseconds;
            results.Add(BenchModels.Key(name, "load_ms", loadMs));
            foreach (var n in threads)
            {
                var (prompt, generation) = Measure(model, n);
                Console.WriteLine($"{name,-20} {model.ParameterCount,10:N0} {loadMs,8:F0} {n,7} {prompt,11:F1} {generation,9:F1}");
                results.Add(BenchModels.Key(name, $"prompt_tps_t{n}", prompt));
                results.Add(BenchModels.Key(name, $"gen_tps_t{n}", generation));
            }
        }

        Console.WriteLine("result: " + string.Join(' ', results));
        return 0;
    }

    /// <summary>Prompt and generation tokens/s at <paramref name="threads"/>, best of three (<see cref="NativeLoop"/>).</summary>
    internal static (double Prompt, double Generation) Measure(LlamaModel model, int threads)
    {
        using var context = new LlamaContext(model, new LlamaContextOptions { ContextSize = 1024, BatchSize = 512, Threads = threads });
        var (prompt, generation, _) = NativeLoop.BestOfThree(context, NativeLoop.SyntheticPrompt(model, PromptTokens), GeneratedTokens);
        return (prompt, generation);
    }
}
