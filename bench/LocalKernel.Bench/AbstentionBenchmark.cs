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
/// Usage: scifact-abstain [dir] [--data dir] [--min-relevance x] [--embedding-model file.gguf] [--dump features.tsv]
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
            // With --embedding-model the store also holds vectors and answers are hybrid (the judge then also accepts
            // a source by vector similarity, AnswerOptions.MinVectorSimilarity).
            using var model = args.Get("embedding-model") is { } modelPath ? LocalKernel.Connectors.LlamaCpp.LlamaModel.Load(modelPath) : null;
            using var embedder = model is null ? null : new LocalKernel.Connectors.LlamaCpp.LlamaEmbeddingGenerator(model);
            var modelInfo = embedder is null ? null : new EmbeddingModelInfo(Path.GetFileNameWithoutExtension(args.Get("embedding-model")!), embedder.Metadata.DefaultModelDimensions ?? model!.EmbeddingSize, embedder.Pooling.ToString().ToLowerInvariant());
            using var store = SqliteDocumentStore.Open(Path.Combine(folder, "scifact.db"), modelInfo);
            var chunker = embedder is null ? new StructuredChunker() : new StructuredChunker(ApproximateTokenCounter.Instance, new ChunkingOptions { MaxTokens = 128 });
            foreach (var doc in corpus.Where(d => !removed.Contains(d.Id)))
            {
                var extracted = new ExtractedDocument("text/plain", doc.Title, [new DocumentBlock(BlockKind.Paragraph, doc.Text, [])]);
                var chunks = chunker.Chunk(extracted);
                var vectors = embedder is null ? null : await embedder.GenerateAsync(chunks.Select(c => doc.Title + "\n" + c.Text));
                await store.UpsertDocumentAsync(new DocumentRecord(doc.Id, "scifact/" + doc.Id, "text/plain", doc.Id, doc.Title), chunks, vectors);
            }

            Console.WriteLine($"SciFact: {corpus.Count - removed.Count:N0} of {corpus.Count:N0} abstracts ingested ({removed.Count} removed for the out-of-corpus claims), {store.KeywordStemming} stemming");
            foreach (var (split, set) in sets)
            {
                Console.WriteLine($"  {split}: {set.In.Count} claims in corpus, {set.Out.Count} out of corpus");
            }

            var answerer = new DocumentAnswerer(new HybridRetriever(store, embedder));
            using var dump = args.Get("dump") is { } dumpPath ? new StreamWriter(dumpPath) : null;
            var options = new AnswerOptions { MinRelevance = threshold };
            var relevance = new Dictionary<(string Split, bool In), List<double>>();
            var firstSentence = new Dictionary<string, (int Hits, int Total)>();
            foreach (var (split, set) in sets)
            {
                foreach (var (inCorpus, claims) in new[] { (true, set.In), (false, set.Out) })
                {
                    var values = relevance[(split, inCorpus)] = [];
                    foreach (var (id, judged) in claims)
                    {
                        var answer = await answerer.AskAsync(queries[id], options);
                        values.Add(answer.Relevance);
                        if (dump is not null)
                        {
                            await DumpAsync(dump, store, split, inCorpus, queries[id], answer, embedder);
                        }
                        if (inCorpus && !answer.Abstained)
                        {
                            Count(firstSentence, split, answer, judged);
                        }
                    }
                }
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

    /// <summary>Features for exploring other abstention rules: per claim, the top 10 documents' BM25 scores and coverages.</summary>
    private static async Task DumpAsync(StreamWriter dump, SqliteDocumentStore store, string split, bool inCorpus, string query, Answer answer, Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? embedder)
    {
        double vector = 0;
        if (embedder is not null)
        {
            var q = await embedder.GenerateAsync([query]);
            vector = (await store.SearchVectorsAsync(q[0].Vector, 1)).Select(m => m.Score).DefaultIfEmpty(0).Max();
        }

        var passages = await new HybridRetriever(store).RetrieveAsync(query, new RetrievalOptions { Top = 10 });
        var stats = await store.GetKeywordStatisticsAsync(query, passages.SelectMany(p => p.DocumentPassages).Select(p => p.ChunkKey).ToList());
        var terms = string.Join(";", stats.Terms.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Weight:F3}:{string.Join(",", passages.Select((p, i) => (p, i)).Where(x => x.p.DocumentPassages.Any(q => t.FoundIn.Contains(q.ChunkKey))).Select(x => x.i))}")));
        var scores = string.Join(",", passages.Select(p => p.Score.ToString("F3", CultureInfo.InvariantCulture)));
        await dump.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{split}\t{(inCorpus ? 1 : 0)}\t{stats.ChunkCount}\t{scores}\t{terms}\t{vector:F4}\t{answer.Relevance:F4}"));
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
