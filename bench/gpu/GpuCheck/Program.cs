using System.Diagnostics;
using LocalKernel.Bench;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

// Which llama.cpp backend loads, and prompt / generation tokens per second of the native loop on the generated ~60M
// and ~350M models, with the GPU layers asked for; the first 32 greedy tokens are printed so that a CPU run and a GPU
// run can be compared. Then the aggregate generation rate of 1, 8 and 32 concurrent requests through one
// LlamaChatClient (continuous batching) on the ~350M model. The loops are the benchmarks' own (NativeLoop,
// ChatRounds, compiled in). Usage: LocalKernel.GpuCheck <models-dir> <gpu-layers: auto|N> <threads>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: LocalKernel.GpuCheck <models-dir> <gpu-layers: auto|N> <threads>");
    return 2;
}

const int PromptTokens = 512, GeneratedTokens = 128;
Console.WriteLine(LlamaBackend.EnsureLoaded());
int gpuLayers = args[1] == "auto" ? LlamaModelOptions.AutoGpuLayers : int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
int threads = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
foreach (var spec in new[] { TestModelSpec.Approx60M, TestModelSpec.Approx350M })
{
    string path = TestModelGenerator.GetOrCreate(spec, args[0]);
    var clock = Stopwatch.StartNew();
    using var model = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = gpuLayers });
    double loadMs = clock.Elapsed.TotalMilliseconds;
    using var context = new LlamaContext(model, new LlamaContextOptions { ContextSize = 2048, BatchSize = 512, Threads = threads, BatchThreads = threads });
    var (prompt, generation, tokens) = NativeLoop.BestOfThree(context, NativeLoop.SyntheticPrompt(model, PromptTokens), GeneratedTokens);
    Console.WriteLine($"model={spec.Name} params={model.ParameterCount} load_ms={loadMs:F0} gpu_layers={args[1]} threads={threads} prompt_tps={prompt:F1} gen_tps={generation:F1}");
    Console.WriteLine($"tokens {spec.Name}: {string.Join(',', tokens.Take(32))}");
}

using (var model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Approx350M, args[0]), new LlamaModelOptions { GpuLayers = gpuLayers }))
using (var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = 512, ParallelRequests = 32, Threads = threads }))
{
    ChatRounds.Run(client, 2, 64, TimeSpan.Zero); // warm-up
    foreach (int streams in new[] { 1, 8, 32 })
    {
        var (tokens, seconds) = ChatRounds.Run(client, streams, 64, TimeSpan.FromSeconds(2));
        Console.WriteLine($"concurrent model=localkernel-test-350m gpu_layers={args[1]} streams={streams} tokens={tokens} aggregate_tps={tokens / seconds:F1}");
    }
}

return 0;
