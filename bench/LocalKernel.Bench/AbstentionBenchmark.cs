using System.Globalization;
using LocalKernel.Rag;

namespace LocalKernel.Bench;

/// <summary>
/// Does <c>kb</c> say "not in the documents" when, and only when, the documents lack the answer? From BEIR SciFact:
/// every other claim (by id) of each split is out of corpus — its relevant abstracts are removed before ingesting —
/// the rest are in corpus (all their relevant abstracts ingested). Each claim is asked through the real
/// <see cref="DocumentAnswerer"/> (BM25, extractive) over the real chunker and store; the table gives the abstention
/// rate of both sets at several <see cref="AnswerOptions.MinRelevance"/> thresholds, train and test, and how often the
/// extractive answer's first sentence comes from the top-ranked relevant abstract.
/// Usage: scifact-abstain [dir] [--data dir] [--min-relevance x] [--embedding-model file.gguf] [--threads n] [--store file.db] [--dump features.jsonl] [--fit]
/// </summary>
internal static class AbstentionBenchmark
{
    public static int Run(BenchArguments args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(BenchArguments args)
    {
        var dir = BenchData.SciFactDirectory(args, "scifact-abstain");
        if (!BenchData.HasSciFact(dir, "scifact-abstain"))
        {
            return 1;
        }

        double threshold = args.Get("min-relevance") is { } given ? double.Parse(given, CultureInfo.InvariantCulture) : AnswerOptions.DefaultMinRelevance;
        var corpus = SciFactBenchmark.ReadJsonLines(Path.Combine(dir, "corpus.jsonl"), o => (Id: o.GetProperty("_id").GetString()!, Title: o.GetProperty("title").GetString()!, Text: o.GetProperty("text").GetString()!));
        var queries = SciFactBenchmark.ReadJsonLines(Path.Combine(dir, "queries.jsonl"), o => (Id: o.GetProperty("_id").GetString()!, Text: o.GetProperty("text").GetString()!)).ToDictionary(q => q.Id, q => q.Text);
        var splits = new[] { "train", "test" }.ToDictionary(s => s, s => SciFactBenchmark.ReadQrels(Path.Combine(dir, "qrels", s + ".tsv")));

        // Out of corpus: every other claim of each split; all their relevant abstracts leave the corpus.
        var outOfCorpus = splits.Values.SelectMany(q => q.Keys.Order(StringComparer.Ordinal).Where((_, i) => i % 2 == 1)).ToHashSet();
        var removed = splits.Values.SelectMany(q => q.Where(e => outOfCorpus.Contains(e.Key)).SelectMany(e => e.Value.Keys)).ToHashSet();
        var sets = splits.ToDictionary(s => s.Key, s => (
            In: s.Value.Where(e => !outOfCorpus.Contains(e.Key) && !e.Value.Keys.Any(removed.Contains)).ToList(),
            Out: s.Value.Where(e => outOfCorpus.Contains(e.Key)).ToList()));

        var folder = Path.Combine(Path.GetTempPath(), "lk-abstain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // With --embedding-model the store also holds vectors and answers are hybrid, as in kb.
            using var model = args.Get("embedding-model") is { } modelPath ? LocalKernel.Connectors.LlamaCpp.LlamaModel.Load(modelPath) : null;
            using var embedder = model is null ? null : new LocalKernel.Connectors.LlamaCpp.LlamaEmbeddingGenerator(model,
                new LocalKernel.Connectors.LlamaCpp.LlamaEmbeddingGeneratorOptions { TruncateInputs = true, Threads = args.Get("threads") is { } threads ? int.Parse(threads, CultureInfo.InvariantCulture) : null });
            var ingested = corpus.Where(d => !removed.Contains(d.Id)).ToList();
            using var store = await AbstentionCorpus.OpenAsync(args.Get("store") ?? Path.Combine(folder, "scifact.db"), ingested, embedder, reuse: args.Get("store") is not null);

            Console.WriteLine($"SciFact: {ingested.Count:N0} of {corpus.Count:N0} abstracts ingested ({removed.Count} removed for the out-of-corpus claims), {store.KeywordStemming} stemming, embedding model {store.EmbeddingModel?.Name ?? "none"}");
            foreach (var (split, set) in sets)
            {
                Console.WriteLine($"  {split}: {set.In.Count} claims in corpus, {set.Out.Count} out of corpus");
            }

            var retriever = new HybridRetriever(store, embedder);
            var answerer = new DocumentAnswerer(retriever);
            using var dump = args.Get("dump") is { } dumpPath ? new StreamWriter(dumpPath) : null;
            var options = new AnswerOptions { MinRelevance = threshold, Retrieval = new RetrievalOptions { Top = 6, QueryEmbeddingPrefix = embedder?.QueryPrefix } };
            var relevance = new Dictionary<(string Split, bool In), List<double>>();
            var fit = args.Has("fit") ? new List<AbstentionFit.Claim>() : null;
            var firstSentence = new Dictionary<string, (int Hits, int Total)>();
            foreach (var (split, set) in sets)
            {
                foreach (var (inCorpus, claims) in new[] { (true, set.In), (false, set.Out) })
                {
                    var values = relevance[(split, inCorpus)] = [];
                    foreach (var (id, judged) in claims)
                    {
                        if (fit is not null)
                        {
                            fit.Add(await AbstentionFit.GatherAsync(answerer, options, split, inCorpus, queries[id], judged));
                        }

                        var answer = await answerer.AskAsync(queries[id], options);
                        values.Add(answer.Relevance);
                        if (dump is not null)
                        {
                            await AbstentionDump.WriteAsync(dump, store, retriever, split, inCorpus, id, queries[id], answer, embedder?.QueryPrefix, judged);
                        }
                        if (inCorpus && !answer.Abstained)
                        {
                            Count(firstSentence, split, answer, judged);
                        }
                    }
                }
            }

            if (fit is not null)
            {
                AbstentionFit.Report(fit);
            }

            Console.WriteLine();
            Console.WriteLine($"{"min relevance",13} {"train: false abstention (in)",29} {"abstention (out)",17} {"test: false abstention (in)",28} {"abstention (out)",17}");
            var rows = new List<double> { 0 };
            rows.AddRange(Enumerable.Range(6, 10).Select(i => i * 0.05));
            if (!rows.Any(r => Math.Abs(r - threshold) < 1e-9))
            {
                rows.Add(threshold);
                rows.Sort();
            }

            foreach (var t in rows)
            {
                string Rate(string split, bool inCorpus) => relevance[(split, inCorpus)].Count(r => r < t || (t == 0 && r == 0)) * 100.0 / Math.Max(1, relevance[(split, inCorpus)].Count) is var rate
                    ? rate.ToString("0.0", CultureInfo.InvariantCulture) + " %"
                    : string.Empty;
                string label = t == 0 ? "0 (before)" : t.ToString("0.00", CultureInfo.InvariantCulture) + (Math.Abs(t - threshold) < 1e-9 ? " *" : string.Empty);
                Console.WriteLine($"{label,13} {Rate("train", true),29} {Rate("train", false),17} {Rate("test", true),28} {Rate("test", false),17}");
            }

            Console.WriteLine("(0 = the rule before: abstain only when no passage shares a keyword; * = the threshold the answers below used)");
            Console.WriteLine();
            foreach (var (split, (hits, total)) in firstSentence)
            {
                Console.WriteLine($"{split}: first answer sentence from the top-ranked relevant abstract in {hits} of {total} answered in-corpus claims ({hits * 100.0 / Math.Max(1, total):0.0} %)");
            }

            double Abstention(string split, bool inCorpus) => relevance[(split, inCorpus)].Count(r => r < threshold) / (double)Math.Max(1, relevance[(split, inCorpus)].Count);
            var (testHits, testTotal) = firstSentence.GetValueOrDefault("test");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"result: min_relevance={threshold:0.00} test_false_abstention={Abstention("test", true):F3} test_abstention_out={Abstention("test", false):F3} train_false_abstention={Abstention("train", true):F3} train_abstention_out={Abstention("train", false):F3} test_first_sentence_top_relevant={testHits / (double)Math.Max(1, testTotal):F3}"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Whether the answer's first sentence cites the best-ranked source that the qrels call relevant.</summary>
    private static void Count(Dictionary<string, (int Hits, int Total)> counts, string split, Answer answer, Dictionary<string, int> judged)
    {
        int topRelevant = answer.Sources.ToList().FindIndex(s => judged.TryGetValue(s.DocumentId, out var grade) && grade > 0) + 1;
        if (topRelevant == 0)
        {
            return; // no relevant abstract among the sources: nothing to compare
        }

        var first = answer.Text.Split('\n')[0];
        int open = first.LastIndexOf('[');
        int number = open >= 0 && int.TryParse(first[(open + 1)..].TrimEnd(']'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var (hits, total) = counts.GetValueOrDefault(split);
        counts[split] = (hits + (number == topRelevant ? 1 : 0), total + 1);
    }
}
