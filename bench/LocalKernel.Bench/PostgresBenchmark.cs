using System.Diagnostics;
using System.Globalization;
using LocalKernel.Rag;
using LocalKernel.Rag.PostgreSql;
using Microsoft.Extensions.AI;
using Npgsql;

namespace LocalKernel.Bench;

/// <summary>
/// The PostgreSQL store against the SQLite store, in one run: SciFact BM25 nDCG@10 and recall@100 on both (and
/// PostgreSQL's own ts_rank, which is not BM25), ingest throughput; then pgvector HNSW against exact search on
/// synthetic clustered 384-dimension vectors: recall@10, latency p50/p95, and 8 concurrent searchers. With
/// --embedding-model, SciFact hybrid and dense nDCG@10 on both stores with that model (PostgresHybridEvaluation).
/// Usage: postgres --connection &lt;connection string&gt; [scifact folder] [--vectors 100000] [--queries 200]
///   [--embedding-model file.gguf [--embedding-cache file]] [--only scifact|vectors] [--maintenance-work-mem 2GB] [--ef-search 100,200,400]
///   [--m 16] [--ef-construction 64] [--recipe clustered|covariance] (covariance: one Gaussian with the covariance of --embedding-model's SciFact vectors; see SyntheticVectors)
/// Everything is written to a schema of its own, dropped at the end.
/// </summary>
internal static class PostgresBenchmark
{
    private const int Dimensions = 384;

    public static int Run(BenchArguments args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(BenchArguments args)
    {
        var connection = args.Get("connection") ?? Environment.GetEnvironmentVariable("LOCALKERNEL_TEST_POSTGRES");
        if (connection is null)
        {
            Console.Error.WriteLine("postgres: give --connection \"Host=…;Database=…\" (a database where the pgvector extension can be created).");
            return 2;
        }

        var dir = args.Get("data") is { } data ? Path.GetFullPath(data) : PositionalFolder() ?? BenchData.SciFactDirectory(args, "postgres");
        if (!BenchData.HasSciFact(dir, "postgres"))
        {
            return 1;
        }

        int vectorCount = args.GetInts("vectors", 100_000)[0];
        int queryCount = args.GetInts("queries", 200)[0];
        var only = args.Get("only");
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            var result = new List<string>();
            if (only is null or "scifact")
            {
                var (pg, sqlite) = await SciFactAsync(connection, schema, dir);
                result.Add(string.Create(CultureInfo.InvariantCulture, $"bm25_ndcg10_pg={pg:F4} bm25_ndcg10_sqlite={sqlite:F4}"));
                if (args.Get("embedding-model") is { } model)
                {
                    var hybrid = await PostgresHybridEvaluation.RunAsync(connection, schema + "_h", model, args.Get("embedding-cache"), SciFactCorpus(dir), SciFactQueries(dir), SciFactBenchmark.ReadQrels(Path.Combine(dir, "qrels", "test.tsv")));
                    result.Add(string.Create(CultureInfo.InvariantCulture, $"hybrid_ndcg10_pg={hybrid.HybridPg:F4} hybrid_ndcg10_sqlite={hybrid.HybridSqlite:F4} dense_ndcg10_pg={hybrid.DensePg:F4} dense_ndcg10_sqlite={hybrid.DenseSqlite:F4}"));
                }
            }

            if (only is null or "vectors")
            {
                var recipe = await RecipeAsync(args, dir);
                var build = new PostgresDocumentStoreOptions { HnswM = args.GetInts("m", 16)[0], HnswEfConstruction = args.GetInts("ef-construction", 64)[0] };
                var (recall, speedup) = await VectorsAsync(connection, schema + "_v", recipe, vectorCount, queryCount, args.Get("maintenance-work-mem") ?? "2GB", build, args.GetInts("ef-search", 100));
                result.Add(string.Create(CultureInfo.InvariantCulture, $"hnsw_recall10={recall:F4} hnsw_speedup={speedup:F1}"));
            }

            Console.WriteLine();
            Console.WriteLine("result: " + string.Join(" ", result));
            return 0;
        }
        finally
        {
            if (args.Has("keep-schema"))
            {
                Console.WriteLine($"schemas kept for inspection: {schema}, {schema}_v, {schema}_h (those that were written)");
            }
            else
            {
                await DropSchemasAsync(connection, schema);
            }
        }
    }

    private static async Task DropSchemasAsync(string connection, string schema)
    {
        await using var cleanup = new NpgsqlConnection(PostgresConnectionString.Normalize(connection));
        await cleanup.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; DROP SCHEMA IF EXISTS \"{schema}_v\" CASCADE; DROP SCHEMA IF EXISTS \"{schema}_h\" CASCADE", cleanup);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The last command-line argument after "postgres" that is neither an option nor an option's value.</summary>
    private static string? PositionalFolder()
    {
        var all = Environment.GetCommandLineArgs();
        int at = Array.IndexOf(all, "postgres");
        string? folder = null;
        for (int i = at + 1; at >= 0 && i < all.Length; i++)
        {
            if (all[i].StartsWith("--", StringComparison.Ordinal))
            {
                i++;
                continue;
            }

            folder = Path.GetFullPath(all[i]);
        }

        return folder;
    }

    private static async Task<(double Pg, double Sqlite)> SciFactAsync(string connection, string schema, string dir)
    {
        var corpus = SciFactCorpus(dir);
        var queries = SciFactQueries(dir);
        var test = SciFactBenchmark.ReadQrels(Path.Combine(dir, "qrels", "test.tsv"));
        Console.WriteLine($"SciFact: {corpus.Count:N0} documents, {test.Count} test queries ({dir}); title as the heading (weight 3), as SciFact's default variant");
        Console.WriteLine();
        Console.WriteLine($"{"store / ranking",-34} {"nDCG@10",8} {"R@100",7} {"ingest docs/s",13} {"ms/query",8}");

        var folder = Path.Combine(Path.GetTempPath(), "lk-pgbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var sqlite = SqliteDocumentStore.Open(Path.Combine(folder, "scifact.db"));
            double sqliteRate = await IngestAsync(sqlite, corpus);
            var sqliteScore = await EvaluateAsync(sqlite, queries, test);
            Print("SQLite FTS5 bm25()", sqliteScore, sqliteRate);

            double pgRate;
            await using (var pg = await PostgresDocumentStore.OpenAsync(connection, null, new PostgresDocumentStoreOptions { Schema = schema }))
            {
                pgRate = await IngestAsync(pg, corpus);
            }

            // Right after the load the postings' pages are not yet marked all-visible, so each posting costs a heap
            // visit; autovacuum fixes that within minutes, OptimizeAsync at once. Both states are timed.
            await using var bm25 = await PostgresDocumentStore.OpenAsync(connection, null, new PostgresDocumentStoreOptions { Schema = schema });
            Print("PostgreSQL BM25, just loaded", await EvaluateAsync(bm25, queries, test), pgRate);
            var optimize = Stopwatch.StartNew();
            await bm25.OptimizeAsync();
            Console.WriteLine($"  (OptimizeAsync: VACUUM (ANALYZE) of the store's tables, {optimize.Elapsed.TotalSeconds:F1} s)");
            var pgScore = await EvaluateAsync(bm25, queries, test);
            Print("PostgreSQL BM25 (postings table)", pgScore, pgRate);

            await using var tsRank = await PostgresDocumentStore.OpenAsync(connection, null, new PostgresDocumentStoreOptions { Schema = schema, UseTsRank = true });
            Print("PostgreSQL ts_rank (not BM25)", await EvaluateAsync(tsRank, queries, test), pgRate);
            return (pgScore.Ndcg, sqliteScore.Ndcg);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        static void Print(string name, (double Ndcg, double Recall, double Ms) score, double rate) =>
            Console.WriteLine($"{name,-34} {score.Ndcg,8:F4} {score.Recall,7:F4} {rate,13:F0} {score.Ms,8:F2}");
    }

    private static List<(string Id, string Title, string Text)> SciFactCorpus(string dir) =>
        SciFactBenchmark.ReadJsonLines(Path.Combine(dir, "corpus.jsonl"), o => (Id: o.GetProperty("_id").GetString()!, Title: o.GetProperty("title").GetString()!, Text: o.GetProperty("text").GetString()!));

    private static Dictionary<string, string> SciFactQueries(string dir) =>
        SciFactBenchmark.ReadJsonLines(Path.Combine(dir, "queries.jsonl"), o => (Id: o.GetProperty("_id").GetString()!, Text: o.GetProperty("text").GetString()!)).ToDictionary(q => q.Id, q => q.Text);

    private static async Task<double> IngestAsync(IDocumentStore store, List<(string Id, string Title, string Text)> corpus)
    {
        var stopwatch = Stopwatch.StartNew();
        foreach (var doc in corpus)
        {
            var chunk = new DocumentChunk(0, doc.Text, [], ApproximateTokenCounter.Instance.CountTokens(doc.Text));
            await store.UpsertDocumentAsync(new DocumentRecord(doc.Id, "scifact/" + doc.Id, "text/plain", doc.Id, doc.Title), [chunk], null);
        }

        return corpus.Count / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<(double Ndcg, double Recall, double Ms)> EvaluateAsync(IDocumentStore store, Dictionary<string, string> queries, Dictionary<string, Dictionary<string, int>> qrels)
    {
        double ndcg = 0, recall = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var (queryId, relevant) in qrels)
        {
            var ranked = (await store.SearchKeywordsAsync(queries[queryId], 100)).Select(m => m.Chunk.DocumentId).Distinct().ToList();
            ndcg += SciFactBenchmark.NdcgAt10(ranked, relevant);
            var positives = relevant.Where(r => r.Value > 0).Select(r => r.Key).ToHashSet();
            recall += positives.Count == 0 ? 0 : (double)ranked.Count(positives.Contains) / positives.Count;
        }

        return (ndcg / qrels.Count, recall / qrels.Count, stopwatch.Elapsed.TotalMilliseconds / qrels.Count);
    }

    /// <summary>The synthetic set (<see cref="SyntheticVectors"/>) named by --recipe; its effective dimension is printed.</summary>
    private static async Task<Func<SyntheticVectors>> RecipeAsync(BenchArguments args, string dir)
    {
        Func<SyntheticVectors> recipe;
        Console.WriteLine();
        if (args.Get("recipe") is "covariance")
        {
            var modelPath = args.Get("embedding-model") ?? throw new ArgumentException("--recipe covariance needs --embedding-model (and preferably --embedding-cache).");
            var test = SciFactBenchmark.ReadQrels(Path.Combine(dir, "qrels", "test.tsv"));
            var queries = SciFactQueries(dir);
            var (info, documents, _) = await PostgresHybridEvaluation.EmbedAsync(modelPath, args.Get("embedding-cache"), SciFactCorpus(dir), test.Keys.Select(q => queries[q]).ToList());
            if (documents[0].Length != Dimensions)
            {
                throw new ArgumentException($"--recipe covariance needs a {Dimensions}-dimension model; {info.Name} has {documents[0].Length}.");
            }

            Console.WriteLine($"real {info.Name} SciFact vectors: effective dimension (participation ratio) {SyntheticVectors.ParticipationRatio(documents):F1}");
            recipe = () => SyntheticVectors.WithCovarianceOf(documents, info.Name + " SciFact", 42);
        }
        else if (args.Get("recipe") is null or "clustered")
        {
            recipe = () => SyntheticVectors.Clustered(Dimensions, 42);
        }
        else
        {
            throw new ArgumentException($"--recipe {args.Get("recipe")}: use clustered or covariance.");
        }

        // A second generator with the same seed, so measuring the sample does not shift the set that is loaded.
        var sample = recipe();
        Console.WriteLine($"synthetic set: {sample.Description}; effective dimension {SyntheticVectors.ParticipationRatio(Enumerable.Range(0, 5000).Select(_ => sample.Next()).ToList()):F1}");
        return recipe;
    }

    /// <summary>HNSW against exact search through the store's own search path, on a synthetic set.</summary>
    private static async Task<(double Recall, double Speedup)> VectorsAsync(string connection, string schema, Func<SyntheticVectors> recipe, int count, int queryCount, string maintenanceWorkMemory, PostgresDocumentStoreOptions build, int[] efSearch)
    {
        var model = new EmbeddingModelInfo("synthetic", Dimensions, "mean");
        var vectors = recipe();
        float[] Point() => vectors.Next();

        // The bulk path: documents of 1,000 chunks each written without the index (vectors by binary COPY), then
        // the HNSW index built once over all of them.
        const int PerDocument = 1000;
        var buildClock = new Stopwatch();
        IEnumerable<DocumentImport> Documents()
        {
            for (int start = 0; start < count; start += PerDocument)
            {
                int n = Math.Min(PerDocument, count - start);
                var chunks = Enumerable.Range(0, n).Select(i => new DocumentChunk(i, "v" + (start + i).ToString(CultureInfo.InvariantCulture), [], 1)).ToList();
                var embeddings = chunks.Select(_ => new Embedding<float>(Point())).ToList();
                yield return new DocumentImport(new DocumentRecord("d" + start.ToString(CultureInfo.InvariantCulture), "synthetic", "text/plain", "h"), chunks, embeddings);
            }

            // Everything after the last document is the index build.
            buildClock.Start();
        }

        var load = Stopwatch.StartNew();
        await using (var store = await PostgresDocumentStore.OpenAsync(connection, model, new PostgresDocumentStoreOptions { Schema = schema, HnswM = build.HnswM, HnswEfConstruction = build.HnswEfConstruction }))
        {
            await store.ImportAsync(Documents(), maintenanceWorkMemory);
        }

        double loadSeconds = load.Elapsed.TotalSeconds - buildClock.Elapsed.TotalSeconds;
        Console.WriteLine($"{count:N0} vectors of {Dimensions} dimensions: rows loaded without the index in {loadSeconds:F0} s ({count / loadSeconds:F0} vectors/s), " +
            $"HNSW index (m {build.HnswM}, ef_construction {build.HnswEfConstruction}, maintenance_work_mem {maintenanceWorkMemory}) built in {buildClock.Elapsed.TotalSeconds:F0} s");
        var queries = Enumerable.Range(0, queryCount).Select(_ => Point()).ToArray();
        await using var exact = await PostgresDocumentStore.OpenAsync(connection, model, new PostgresDocumentStoreOptions { Schema = schema, ExactVectorSearch = true });
        await exact.SearchVectorsAsync(queries[0], 10);
        var exactLatency = new List<double>();
        var truths = new List<HashSet<long>>();
        foreach (var query in queries)
        {
            var stopwatch = Stopwatch.StartNew();
            truths.Add((await exact.SearchVectorsAsync(query, 10)).Select(m => m.Chunk.Key).ToHashSet());
            exactLatency.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"{"search (top 10)",-22} {"p50 ms",8} {"p95 ms",8} {"recall@10",9} {"speedup",8}");
        Console.WriteLine($"{"exact (sequential)",-22} {Percentile(exactLatency, 50),8:F2} {Percentile(exactLatency, 95),8:F2} {1.0,9:F4} {1.0,8:F1}");

        // Each ef_search on the same queries and truth; the result reports the first that reaches recall 0.95.
        (double Recall, double Speedup, int Ef, PostgresDocumentStore Store, List<double> Latency)? chosen = null;
        var stores = new List<PostgresDocumentStore>();
        try
        {
            foreach (var ef in efSearch)
            {
                var hnsw = await PostgresDocumentStore.OpenAsync(connection, model, new PostgresDocumentStoreOptions { Schema = schema, HnswEfSearch = ef });
                stores.Add(hnsw);
                await hnsw.SearchVectorsAsync(queries[0], 10);
                var latency = new List<double>();
                double recall = 0;
                for (int q = 0; q < queries.Length; q++)
                {
                    var stopwatch = Stopwatch.StartNew();
                    var found = await hnsw.SearchVectorsAsync(queries[q], 10);
                    latency.Add(stopwatch.Elapsed.TotalMilliseconds);
                    recall += found.Count(m => truths[q].Contains(m.Chunk.Key)) / 10.0;
                }

                recall /= queries.Length;
                double speedup = Percentile(exactLatency, 50) / Percentile(latency, 50);
                Console.WriteLine($"{"HNSW (ef_search " + ef + ")",-22} {Percentile(latency, 50),8:F2} {Percentile(latency, 95),8:F2} {recall,9:F4} {speedup,8:F1}");
                if (chosen is null || chosen.Value.Recall < 0.95)
                {
                    chosen = (recall, speedup, ef, hnsw, latency);
                }
            }

            // Eight searchers at once on one store: throughput against one searcher.
            var (bestRecall, bestSpeedup, bestEf, store, bestLatency) = chosen!.Value;
            var concurrent = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (int i = w; i < queries.Length; i += 8)
                {
                    await store.SearchVectorsAsync(queries[i], 10);
                }
            })));
            double single = queries.Length / (bestLatency.Sum() / 1000);
            Console.WriteLine($"8 concurrent HNSW searchers (ef_search {bestEf}): {queries.Length / concurrent.Elapsed.TotalSeconds:F0} queries/s (one searcher: {single:F0} queries/s)");
            return (bestRecall, bestSpeedup);
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
