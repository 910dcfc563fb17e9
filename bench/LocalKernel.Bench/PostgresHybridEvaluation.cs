using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;
using LocalKernel.Rag.PostgreSql;
using Microsoft.Extensions.AI;

namespace LocalKernel.Bench;

/// <summary>
/// SciFact hybrid and dense retrieval on both stores with one real embedding model: the abstracts and the test
/// claims are embedded once (optionally cached in a file, so a rerun skips the slow part), both stores are loaded
/// with the same vectors, and each is searched through <see cref="HybridRetriever"/> (BM25 + vectors by reciprocal
/// rank fusion, its defaults), so the figures differ only by what the stores rank.
/// </summary>
internal static class PostgresHybridEvaluation
{
    private const int Depth = 100;

    public sealed record Result(double HybridPg, double HybridSqlite, double DensePg, double DenseSqlite);

    public static async Task<Result> RunAsync(string connection, string schema, string modelPath, string? cachePath,
        List<(string Id, string Title, string Text)> corpus, Dictionary<string, string> queries, Dictionary<string, Dictionary<string, int>> test)
    {
        var queryIds = test.Keys.ToList();
        var (info, documents, queryVectors) = await EmbedAsync(modelPath, cachePath, corpus, queryIds.Select(q => queries[q]).ToList());
        var generator = new KnownTextEmbeddings(queryIds.Select((q, i) => (queries[q], queryVectors[i])));
        Console.WriteLine();
        Console.WriteLine($"hybrid (HybridRetriever: BM25 + {info.Name} vectors, RRF k 60, top {Depth})");
        Console.WriteLine($"{"store / ranking",-34} {"nDCG@10",8} {"R@100",7} {"load docs/s",13} {"ms/query",8}");

        var folder = Path.Combine(Path.GetTempPath(), "lk-pgbench-hybrid-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var sqlite = SqliteDocumentStore.Open(Path.Combine(folder, "scifact.db"), info);
            double sqliteRate = await LoadAsync(sqlite, corpus, documents);
            await using var pg = await PostgresDocumentStore.OpenAsync(connection, info, new PostgresDocumentStoreOptions { Schema = schema });
            double pgRate = await LoadAsync(pg, corpus, documents);

            var hybridSqlite = await EvaluateAsync(sqlite, generator, RetrievalMode.Hybrid, queries, test);
            Print("SQLite hybrid (exact vectors)", hybridSqlite, sqliteRate);
            var hybridPg = await EvaluateAsync(pg, generator, RetrievalMode.Hybrid, queries, test);
            Print("PostgreSQL hybrid (HNSW)", hybridPg, pgRate);
            var denseSqlite = await EvaluateAsync(sqlite, generator, RetrievalMode.Vector, queries, test);
            Print("SQLite dense (exact)", denseSqlite, sqliteRate);
            var densePg = await EvaluateAsync(pg, generator, RetrievalMode.Vector, queries, test);
            Print("PostgreSQL dense (HNSW)", densePg, pgRate);
            return new Result(hybridPg.Ndcg, hybridSqlite.Ndcg, densePg.Ndcg, denseSqlite.Ndcg);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        static void Print(string name, (double Ndcg, double Recall, double Ms) score, double rate) =>
            Console.WriteLine($"{name,-34} {score.Ndcg,8:F4} {score.Recall,7:F4} {rate,13:F0} {score.Ms,8:F2}");
    }

    /// <summary>The abstracts' and claims' vectors, read from the cache file when it matches, else embedded (and cached).</summary>
    internal static async Task<(EmbeddingModelInfo Info, List<float[]> Documents, List<float[]> Queries)> EmbedAsync(string modelPath, string? cachePath,
        List<(string Id, string Title, string Text)> corpus, List<string> queryTexts)
    {
        var name = Path.GetFileNameWithoutExtension(modelPath);
        if (cachePath is not null && File.Exists(cachePath))
        {
            using var reader = new BinaryReader(File.OpenRead(cachePath));
            if (reader.ReadString() == name && reader.ReadInt32() == corpus.Count && reader.ReadInt32() == queryTexts.Count)
            {
                int dims = reader.ReadInt32();
                var all = Enumerable.Range(0, corpus.Count + queryTexts.Count).Select(_ => Enumerable.Range(0, dims).Select(_ => reader.ReadSingle()).ToArray()).ToList();
                Console.WriteLine($"embeddings read from {cachePath}");
                return (new EmbeddingModelInfo(name, dims, "mean"), all[..corpus.Count], all[corpus.Count..]);
            }
        }

        using var model = LlamaModel.Load(modelPath);
        using var generator = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { TruncateInputs = true });
        var clock = Stopwatch.StartNew();
        var documents = await EmbedAllAsync(generator, corpus.Select(d => (generator.DocumentPrefix ?? string.Empty) + (d.Title + " " + d.Text).Trim()).ToList());
        Console.WriteLine($"embedded {corpus.Count:N0} documents with {name} in {clock.Elapsed.TotalSeconds:F0} s ({corpus.Count / clock.Elapsed.TotalSeconds:F1} docs/s)");
        var queryVectors = await EmbedAllAsync(generator, queryTexts.Select(q => (generator.QueryPrefix ?? string.Empty) + q).ToList());
        if (cachePath is not null)
        {
            using var writer = new BinaryWriter(File.Create(cachePath));
            writer.Write(name);
            writer.Write(corpus.Count);
            writer.Write(queryTexts.Count);
            writer.Write(documents[0].Length);
            foreach (var value in documents.Concat(queryVectors).SelectMany(v => v))
            {
                writer.Write(value);
            }
        }

        return (new EmbeddingModelInfo(name, documents[0].Length, "mean"), documents, queryVectors);
    }

    private static async Task<List<float[]>> EmbedAllAsync(LlamaEmbeddingGenerator generator, List<string> texts)
    {
        var vectors = new List<float[]>(texts.Count);
        foreach (var batch in texts.Chunk(64))
        {
            vectors.AddRange((await generator.GenerateAsync(batch)).Select(e => e.Vector.ToArray()));
        }

        return vectors;
    }

    private static async Task<double> LoadAsync(IDocumentStore store, List<(string Id, string Title, string Text)> corpus, List<float[]> vectors)
    {
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < corpus.Count; i++)
        {
            var doc = corpus[i];
            var chunk = new DocumentChunk(0, doc.Text, [], ApproximateTokenCounter.Instance.CountTokens(doc.Text));
            await store.UpsertDocumentAsync(new DocumentRecord(doc.Id, "scifact/" + doc.Id, "text/plain", doc.Id, doc.Title), [chunk], [new Embedding<float>(vectors[i])]);
        }

        return corpus.Count / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<(double Ndcg, double Recall, double Ms)> EvaluateAsync(IDocumentStore store, IEmbeddingGenerator<string, Embedding<float>> generator,
        RetrievalMode mode, Dictionary<string, string> queries, Dictionary<string, Dictionary<string, int>> qrels)
    {
        var retriever = new HybridRetriever(store, generator);
        var options = new RetrievalOptions { Top = Depth, Mode = mode };
        double ndcg = 0, recall = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var (queryId, relevant) in qrels)
        {
            var ranked = (await retriever.RetrieveAsync(queries[queryId], options)).Select(p => p.DocumentId).Distinct().ToList();
            ndcg += SciFactBenchmark.NdcgAt10(ranked, relevant);
            var positives = relevant.Where(r => r.Value > 0).Select(r => r.Key).ToHashSet();
            recall += positives.Count == 0 ? 0 : (double)ranked.Count(positives.Contains) / positives.Count;
        }

        return (ndcg / qrels.Count, recall / qrels.Count, stopwatch.Elapsed.TotalMilliseconds / qrels.Count);
    }

    /// <summary>The query vectors embedded up front, served by text: the retriever embeds each query through it.</summary>
    private sealed class KnownTextEmbeddings(IEnumerable<(string Text, float[] Vector)> known) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly Dictionary<string, float[]> _known = known.GroupBy(k => k.Text).ToDictionary(g => g.Key, g => g.First().Vector);

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(_known[v]))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
