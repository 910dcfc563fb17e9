using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;

namespace LocalKernel.Bench;

/// <summary>
/// Dense and hybrid retrieval on SciFact with a real embedding model (a GGUF from <c>kb model convert</c>): every
/// abstract ("title text", cut to the model's input limit as sentence-transformers does) and every claim (with the
/// model's query prefix) is embedded once; dense ranks by cosine; hybrid fuses the BM25 store's top 100 with the
/// dense top 100, by reciprocal-rank fusion (k, dense weight) and by a convex mix of min-max normalised scores.
/// Fusion settings are chosen on the 809 train claims only, then scored on the 300 test claims.
/// </summary>
internal static class SciFactDenseEvaluation
{
    private const int Depth = 100;

    public sealed record Result(double DenseNdcg, double DenseRecall, double HybridNdcg, double HybridRecall, string HybridSetting);

    public static async Task<Result> RunAsync(string modelPath, int? threads, IReadOnlyList<(string Id, string Title, string Text)> corpus,
        IReadOnlyDictionary<string, string> queries, Dictionary<string, Dictionary<string, int>> test, Dictionary<string, Dictionary<string, int>> train)
    {
        using var model = LlamaModel.Load(modelPath);
        using var generator = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { Threads = threads, TruncateInputs = true });
        Console.WriteLine($"\ndense: {Path.GetFileName(modelPath)}, pooling {generator.Pooling}, max {generator.MaxInputTokens} tokens, " +
            $"query prefix {(generator.QueryPrefix is null ? "none" : $"\"{generator.QueryPrefix}\"")}");

        var clock = Stopwatch.StartNew();
        var documents = await EmbedAsync(generator, corpus.Select(d => (generator.DocumentPrefix ?? string.Empty) + (d.Title + " " + d.Text).Trim()).ToList());
        double docSeconds = clock.Elapsed.TotalSeconds;
        var queryIds = test.Keys.Concat(train.Keys).Distinct().ToList();
        var queryVectors = await EmbedAsync(generator, queryIds.Select(q => (generator.QueryPrefix ?? string.Empty) + queries[q]).ToList());
        Console.WriteLine($"embedded {corpus.Count:N0} documents in {docSeconds:F1} s ({corpus.Count / docSeconds:F1} docs/s) and {queryIds.Count} queries");

        var dense = new Dictionary<string, List<(string Doc, double Score)>>(StringComparer.Ordinal);
        var scores = new float[corpus.Count];
        for (int q = 0; q < queryIds.Count; q++)
        {
            for (int d = 0; d < documents.Count; d++)
            {
                scores[d] = TensorPrimitives.Dot(documents[d], queryVectors[q]);
            }

            dense[queryIds[q]] = [.. Enumerable.Range(0, corpus.Count).OrderByDescending(d => scores[d]).Take(Depth).Select(d => (corpus[d].Id, (double)scores[d]))];
        }

        var bm25 = await Bm25RankingsAsync(corpus, queries, queryIds);
        var (denseNdcg, denseRecall) = Score(test, q => dense[q].Select(x => x.Doc).ToList());
        Console.WriteLine($"{"dense",-46} {Score(train, q => dense[q].Select(x => x.Doc).ToList()).Ndcg,13:F4} {denseNdcg,12:F4} {denseRecall,10:F4}");

        var settings = new List<(string Name, Func<string, List<string>> Rank)>();
        foreach (var k in new[] { 1, 5, 10, 20, 40, 60, 100 })
        {
            foreach (var w in new[] { 0.5, 0.75, 1.0, 1.5, 2.0, 3.0 })
            {
                settings.Add(($"rrf k={k} dense weight={w}", q => Fuse(bm25[q], dense[q], (rank, _, isDense) => (isDense ? w : 1.0) / (k + rank + 1), normalize: false)));
            }
        }

        foreach (var alpha in Enumerable.Range(1, 19).Select(i => i / 20.0))
        {
            settings.Add(($"convex dense share={alpha:F2}", q => Fuse(bm25[q], dense[q], (_, score, isDense) => (isDense ? alpha : 1 - alpha) * score, normalize: true)));
        }

        var best = settings.Select(s => (s.Name, s.Rank, Train: Score(train, s.Rank).Ndcg)).MaxBy(s => s.Train);
        var (hybridNdcg, hybridRecall) = Score(test, best.Rank);
        foreach (var family in new[] { "rrf", "convex" })
        {
            var top = settings.Where(s => s.Name.StartsWith(family, StringComparison.Ordinal)).Select(s => (s.Name, s.Rank, Train: Score(train, s.Rank).Ndcg)).MaxBy(s => s.Train);
            var (n, r) = Score(test, top.Rank);
            Console.WriteLine($"{"hybrid, best " + family + ": " + top.Name,-46} {top.Train,13:F4} {n,12:F4} {r,10:F4}");
        }

        Console.WriteLine($"hybrid chosen on train: {best.Name}");
        return new Result(denseNdcg, denseRecall, hybridNdcg, hybridRecall, best.Name);
    }

    private static async Task<List<float[]>> EmbedAsync(LlamaEmbeddingGenerator generator, List<string> texts)
    {
        var vectors = new List<float[]>(texts.Count);
        foreach (var chunk in texts.Chunk(256))
        {
            var generated = await generator.GenerateAsync(chunk);
            vectors.AddRange(generated.Select(e => e.Vector.ToArray()));
        }

        return vectors;
    }

    private static async Task<Dictionary<string, List<(string Doc, double Score)>>> Bm25RankingsAsync(IReadOnlyList<(string Id, string Title, string Text)> corpus,
        IReadOnlyDictionary<string, string> queries, List<string> queryIds)
    {
        var folder = Path.Combine(Path.GetTempPath(), "lk-scifact-dense-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // The store's defaults: the BM25 baseline of the table above.
            using var store = SqliteDocumentStore.Open(Path.Combine(folder, "scifact.db"));
            foreach (var doc in corpus)
            {
                var chunk = new DocumentChunk(0, doc.Text, [], ApproximateTokenCounter.Instance.CountTokens(doc.Text));
                await store.UpsertDocumentAsync(new DocumentRecord(doc.Id, "scifact/" + doc.Id, "text/plain", doc.Id, doc.Title), [chunk], null);
            }

            var rankings = new Dictionary<string, List<(string Doc, double Score)>>(StringComparer.Ordinal);
            foreach (var q in queryIds)
            {
                var matches = await store.SearchKeywordsAsync(queries[q], Depth);
                rankings[q] = [.. matches.DistinctBy(m => m.Chunk.DocumentId).Select(m => (m.Chunk.DocumentId, m.Score))];
            }

            return rankings;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<string> Fuse(List<(string Doc, double Score)> bm25, List<(string Doc, double Score)> dense,
        Func<int, double, bool, double> contribution, bool normalize)
    {
        var fused = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (list, isDense) in new[] { (bm25, false), (dense, true) })
        {
            double max = list.Count > 0 ? list.Max(x => x.Score) : 0, min = list.Count > 0 ? list.Min(x => x.Score) : 0;
            for (int rank = 0; rank < list.Count; rank++)
            {
                double score = normalize ? (max > min ? (list[rank].Score - min) / (max - min) : 1) : list[rank].Score;
                fused[list[rank].Doc] = fused.GetValueOrDefault(list[rank].Doc) + contribution(rank, score, isDense);
            }
        }

        return [.. fused.OrderByDescending(p => p.Value).Select(p => p.Key).Take(Depth)];
    }

    private static (double Ndcg, double Recall) Score(Dictionary<string, Dictionary<string, int>> qrels, Func<string, List<string>> rank)
    {
        double ndcg = 0, recall = 0;
        foreach (var (queryId, relevant) in qrels)
        {
            var ranked = rank(queryId);
            ndcg += SciFactBenchmark.NdcgAt10(ranked, relevant);
            var positives = relevant.Where(r => r.Value > 0).Select(r => r.Key).ToHashSet();
            recall += positives.Count == 0 ? 0 : (double)ranked.Take(Depth).Count(positives.Contains) / positives.Count;
        }

        return (ndcg / qrels.Count, recall / qrels.Count);
    }

    public static string ResultLine(double bm25Ndcg, Result result) => string.Create(CultureInfo.InvariantCulture,
        $"result: ndcg10={bm25Ndcg:F4} dense_ndcg10={result.DenseNdcg:F4} hybrid_ndcg10={result.HybridNdcg:F4} recall100={result.HybridRecall:F4} dense_recall100={result.DenseRecall:F4}");
}
