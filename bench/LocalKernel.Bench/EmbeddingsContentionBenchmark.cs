using System.Diagnostics;
using System.Globalization;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// 64 short inputs embedded in batches vs one call per input, same generator, idle and, with `--compete N`, with N
/// busy processes competing for the cores. result: batched_speedup (idle); with --compete also batched_ips_idle,
/// batched_ips_contended and batched_contended_over_idle.
/// The default model is the ~60M-parameter shape with the test tokenizer's small vocabulary: for a llama
/// (decoder) model llama.cpp computes the 32k-vocabulary output head for every token even in embedding mode, and
/// that head, not the transformer, would dominate both sides; real embedding models (BERT-like) have no such head.
/// Threads: the library's adaptive default, or `--threads N` (fixed).
/// </summary>
internal static class EmbeddingsContentionBenchmark
{
    public static int Run(BenchArguments arguments)
    {
        var path = arguments.Get("model") ?? TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M with { Name = "localkernel-test-60m-smallvocab", VocabularySize = null });
        int? threads = arguments.Get("threads") is null ? null : arguments.GetInts("threads")[0];
        using var model = LlamaModel.Load(path);
        using var generator = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { Threads = threads });
        var inputs = Enumerable.Range(0, 64).Select(i => $"Document {i}: the model embeds short passages of text about data number {i * 7}.").ToArray();
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; {Path.GetFileName(path)}; threads {threads?.ToString(CultureInfo.InvariantCulture) ?? $"adaptive, up to {LlamaThreading.PhysicalCoreCount}"}; {inputs.Length} inputs");

        generator.GenerateAsync(inputs).GetAwaiter().GetResult(); // warm-up
        Console.WriteLine($"{"condition",-10} {"mode",-14} {"ms",8} {"inputs/s",9}");
        var batchedSeconds = new Dictionary<string, double>();
        var singleSeconds = new Dictionary<string, double>();
        var conditions = CompetingLoad.Conditions(arguments);
        foreach (var (condition, competitors) in conditions)
        {
            using var load = competitors > 0 ? CompetingLoad.Start(competitors) : null;
            double batched = Best(() => generator.GenerateAsync(inputs).GetAwaiter().GetResult());
            double single = Best(() =>
            {
                foreach (var input in inputs)
                {
                    generator.GenerateAsync([input]).GetAwaiter().GetResult();
                }
            });
            (batchedSeconds[condition], singleSeconds[condition]) = (batched, single);
            Console.WriteLine($"{condition,-10} {"batched",-14} {batched * 1000,8:F1} {inputs.Length / batched,9:F1}");
            Console.WriteLine($"{condition,-10} {"one at a time",-14} {single * 1000,8:F1} {inputs.Length / single,9:F1}");
        }

        var result = $"result: batched_speedup={singleSeconds["idle"] / batchedSeconds["idle"]:F3}";
        if (conditions.Count > 1)
        {
            result += $" batched_ips_idle={inputs.Length / batchedSeconds["idle"]:F1} batched_ips_contended={inputs.Length / batchedSeconds["contended"]:F1}" +
                $" single_ips_idle={inputs.Length / singleSeconds["idle"]:F1} single_ips_contended={inputs.Length / singleSeconds["contended"]:F1}" +
                $" batched_contended_over_idle={batchedSeconds["idle"] / batchedSeconds["contended"]:F3}";
        }

        Console.WriteLine(result);
        return 0;
    }

    private static double Best(Action action) => Enumerable.Range(0, 3).Min(_ =>
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    });
}
