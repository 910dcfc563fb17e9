using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// 64 short inputs embedded in batches vs one call per input, same generator. result: batched_speedup.
/// The default model is the ~60M-parameter shape with the test tokenizer's small vocabulary: for a llama
/// (decoder) model llama.cpp computes the 32k-vocabulary output head for every token even in embedding mode, and
/// that head, not the transformer, would dominate both sides; real embedding models (BERT-like) have no such head.
/// </summary>
internal static class EmbeddingsBenchmark
{
    public static int Run(BenchArguments arguments)
    {
        var path = arguments.Get("model") ?? TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M with { Name = "localkernel-test-60m-smallvocab", VocabularySize = null });
        int threads = arguments.GetInts("threads", LlamaThreading.PhysicalCoreCount)[0];
        using var model = LlamaModel.Load(path);
        using var generator = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { Threads = threads });
        var inputs = Enumerable.Range(0, 64).Select(i => $"Document {i}: the model embeds short passages of text about data number {i * 7}.").ToArray();
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; {Path.GetFileName(path)}; threads {threads}; {inputs.Length} inputs");

        generator.GenerateAsync(inputs).GetAwaiter().GetResult(); // warm-up
        double batched = Best(() => generator.GenerateAsync(inputs).GetAwaiter().GetResult());
        double single = Best(() =>
        {
            foreach (var input in inputs)
            {
                generator.GenerateAsync([input]).GetAwaiter().GetResult();
            }
        });

        Console.WriteLine($"{"mode",-14} {"ms",8} {"inputs/s",9}");
        Console.WriteLine($"{"batched",-14} {batched * 1000,8:F1} {inputs.Length / batched,9:F1}");
        Console.WriteLine($"{"one at a time",-14} {single * 1000,8:F1} {inputs.Length / single,9:F1}");
        Console.WriteLine($"result: batched_speedup={single / batched:F3}");
        return 0;
    }

    private static double Best(Action action) => Enumerable.Range(0, 3).Min(_ =>
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    });
}
