using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LocalKernel.Rag;

namespace LocalKernel.Bench;

/// <summary>
/// BEIR SciFact retrieval quality: ingests the 5,183 abstracts into a temporary store and scores the
/// 300 test claims (nDCG@10 with trec_eval's graded gains and log2 discount, recall@100). Every BM25
/// variant is also scored on the 809 train claims, which is where weights should be chosen.
/// Usage: scifact [dir] [--data dir] [--embedding-model file.gguf [--threads n]]
/// </summary>
internal static class SciFactBenchmark
{
    private const string DefaultVariant = "snowball english, title column x3 (default)";

    public static int Run(BenchArguments args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(BenchArguments args)
    {
        var dir = BenchData.SciFactDirectory(args, "scifact");
        if (!BenchData.HasSciFact(dir, "scifact"))
        {
            return 1;
        }

        var corpus = ReadJsonLines(Path.Combine(dir, "corpus.jsonl"), o => (Id: o.GetProperty("_id").GetString()!, Title: o.GetProperty("title").GetString()!, Text: o.GetProperty("text").GetString()!));
        var queries = ReadJsonLines(Path.Combine(dir, "queries.jsonl"), o => (Id: o.GetProperty("_id").GetString()!, Text: o.GetProperty("text").GetString()!)).ToDictionary(q => q.Id, q => q.Text);
        var test = ReadQrels(Path.Combine(dir, "qrels", "test.tsv"));
        var train = ReadQrels(Path.Combine(dir, "qrels", "train.tsv"));
        Console.WriteLine($"SciFact: {corpus.Count:N0} documents, {test.Count} test and {train.Count} train queries ({dir})");
        // Variants that share a store layout (stemming, title placement) share one ingest.
        var layouts = new (KeywordStemming Stemming, bool Flat, (string Name, double Weight, bool KeepStopWords, bool NoPrefix)[] Queries)[]
        {
            (KeywordStemming.SnowballEnglish, false,
            [
                (DefaultVariant, 3.0, false, false), ("snowball, title column x3, no prefix fallback", 3.0, false, true),
                ("snowball, title column x2", 2.0, false, false), ("snowball, title column x4", 4.0, false, false),
            ]),
            (KeywordStemming.Porter, false,
            [
                ("porter (FTS5), title column x3 (before)", 3.0, false, true), ("porter, title column x4", 4.0, false, true),
            ]),
            (KeywordStemming.SnowballEnglish, true, [("snowball, flat title+text", 1.0, false, false)]),
            (KeywordStemming.None, false, [("no stemming, title column x3", 3.0, false, false), ("no stemming, no prefix fallback", 3.0, false, true)]),
        };

        Console.WriteLine();
        Console.WriteLine($"{"variant",-46} {"train nDCG@10",13} {"test nDCG@10",12} {"test R@100",10} {"ingest s",8} {"ms/query",8}");
        (double Ndcg, double Recall) result = default;
        foreach (var layout in layouts)
        {
            var folder = Path.Combine(Path.GetTempPath(), "lk-scifact-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var path = Path.Combine(folder, "scifact.db");
                var ingest = Stopwatch.StartNew();
                using (var store = SqliteDocumentStore.Open(path, null, new SqliteDocumentStoreOptions { Stemming = layout.Stemming }))
                {
                    foreach (var doc in corpus)
                    {
                        var text = layout.Flat ? doc.Title + "\n" + doc.Text : doc.Text;
                        var chunk = new DocumentChunk(0, text, [], ApproximateTokenCounter.Instance.CountTokens(text));
                        await store.UpsertDocumentAsync(new DocumentRecord(doc.Id, "scifact/" + doc.Id, "text/plain", doc.Id, layout.Flat ? null : doc.Title), [chunk], null);
                    }
                }

                double ingestSeconds = ingest.Elapsed.TotalSeconds;
                foreach (var (name, weight, keepStopWords, noPrefix) in layout.Queries)
                {
                    var options = new SqliteDocumentStoreOptions { HeadingWeight = weight, KeepQueryStopWords = keepStopWords, NoPrefixFallback = noPrefix };
                    using var store = SqliteDocumentStore.Open(path, null, options);
                    var (trainNdcg, _, _) = await EvaluateAsync(store, queries, train);
                    var (ndcg, recall, msPerQuery) = await EvaluateAsync(store, queries, test);
                    Console.WriteLine($"{name,-46} {trainNdcg,13:F4} {ndcg,12:F4} {recall,10:F4} {ingestSeconds,8:F1} {msPerQuery,8:F2}");
                    if (name == DefaultVariant)
                    {
                        result = (ndcg, recall);
                    }
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        // Dense and hybrid with a real embedding model (a GGUF from kb model convert): SciFactDenseEvaluation.
        SciFactDenseEvaluation.Result? dense = args.Get("embedding-model") is { } model
            ? await SciFactDenseEvaluation.RunAsync(model, args.Get("threads") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : null, corpus, queries, test, train)
            : null;

        Console.WriteLine();
        Console.WriteLine("published BM25 (Anserini): flat 0.679, multifield 0.665 (recall@100 0.908); all-MiniLM-L6-v2 dense ≈ 0.645");
        Console.WriteLine(dense is null
            ? string.Create(CultureInfo.InvariantCulture, $"result: ndcg10={result.Ndcg:F4} recall100={result.Recall:F4}")
            : SciFactDenseEvaluation.ResultLine(result.Ndcg, dense));
        return 0;
    }

    private static async Task<(double Ndcg, double Recall, double MsPerQuery)> EvaluateAsync(SqliteDocumentStore store, Dictionary<string, string> queries, Dictionary<string, Dictionary<string, int>> qrels)
    {
        double ndcgSum = 0, recallSum = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var (queryId, relevant) in qrels)
        {
            var matches = await store.SearchKeywordsAsync(queries[queryId], 100);
            var ranked = matches.Select(m => m.Chunk.DocumentId).Distinct().ToList();
            ndcgSum += NdcgAt10(ranked, relevant);
            var positives = relevant.Where(r => r.Value > 0).Select(r => r.Key).ToHashSet();
            recallSum += positives.Count == 0 ? 0 : (double)ranked.Take(100).Count(positives.Contains) / positives.Count;
        }

        return (ndcgSum / qrels.Count, recallSum / qrels.Count, stopwatch.Elapsed.TotalMilliseconds / qrels.Count);
    }

    /// <summary>nDCG@10 as trec_eval computes it: gain = the qrels grade, discount log2(rank + 1), ideal from the qrels.</summary>
    internal static double NdcgAt10(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant)
    {
        double dcg = 0;
        for (int i = 0; i < Math.Min(10, ranked.Count); i++)
        {
            if (relevant.TryGetValue(ranked[i], out int grade) && grade > 0)
            {
                dcg += grade / Math.Log2(i + 2);
            }
        }

        var ideal = relevant.Values.Where(g => g > 0).OrderDescending().Take(10).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    internal static Dictionary<string, Dictionary<string, int>> ReadQrels(string path)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.TrimEnd('\r').Split('\t');
            if (parts.Length < 3)
            {
                continue;
            }

            if (!qrels.TryGetValue(parts[0], out var judged))
            {
                qrels[parts[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[parts[1]] = int.Parse(parts[2], CultureInfo.InvariantCulture);
        }

        return qrels;
    }

    internal static List<T> ReadJsonLines<T>(string path, Func<JsonElement, T> select)
    {
        var items = new List<T>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length > 0)
            {
                using var json = JsonDocument.Parse(line);
                items.Add(select(json.RootElement));
            }
        }

        return items;
    }
}
