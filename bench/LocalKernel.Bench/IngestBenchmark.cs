using System.Diagnostics;
using System.Text.Json;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Bench;

/// <summary>
/// Ingestion throughput on a mixed corpus: 1,000 SciFact abstracts as Markdown files plus the PDF, HTML and
/// Markdown test fixtures (--documents N abstracts). Measures extraction + chunking alone, then the whole pipeline
/// (store and BM25 index) without embeddings, then with embeddings from generated models. Prints MB/s, documents/s
/// and chunks/s for each.
/// result: extract_mbps, extract_chunks_per_s, ingest_mbps, ingest_tiny_chunks_per_s, ingest_60m_chunks_per_s; with
/// --embedding-model file.gguf (a real encoder from kb model convert) instead of the generated models:
/// extract_model_tokens_* (chunking counted by the model's tokenizer) and ingest_real_*.
/// </summary>
internal static class IngestBenchmark
{
    public static int Run(BenchArguments arguments) => RunAsync(arguments).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(BenchArguments arguments)
    {
        var scifact = BenchData.SciFactDirectory(arguments, "ingest");
        if (!BenchData.HasSciFact(scifact, "ingest"))
        {
            return 1;
        }

        var corpus = Directory.CreateTempSubdirectory("localkernel-ingest-bench-").FullName;
        try
        {
            long bytes = WriteCorpus(scifact, corpus, arguments.GetInts("documents", 1000)[0]);
            var files = Directory.GetFiles(corpus);
            Console.WriteLine($"{files.Length} files, {bytes / 1048576.0:F1} MB; {LlamaBackend.EnsureLoaded()}");
            Console.WriteLine($"{"stage",-34} {"seconds",8} {"MB/s",7} {"docs/s",7} {"chunks",7} {"chunks/s",9}");
            var results = new List<string>();

            var (extractSeconds, chunks) = await ExtractOnly(files);
            Report("extract + chunk", extractSeconds, bytes, files.Length, chunks, results, "extract");

            var (keywordSeconds, keywordChunks) = await Ingest(corpus, generator: null);
            Report("ingest, no embeddings (BM25 only)", keywordSeconds, bytes, files.Length, keywordChunks, results, "ingest");

            if (arguments.Get("embedding-model") is { } real)
            {
                // A real encoder (kb model convert): chunks counted in its own tokens, as kb does.
                using var model = LlamaModel.Load(real);
                var (countSeconds, counted) = await ExtractOnly(files, new ModelTokenCounter(model));
                Report("extract + chunk (model tokenizer)", countSeconds, bytes, files.Length, counted, results, "extract_model_tokens");
                using var generator = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { Threads = arguments.GetInts("threads", LlamaThreading.PhysicalCoreCount)[0] });
                var (seconds, embedded) = await Ingest(corpus, generator);
                Report($"ingest + embeddings ({Path.GetFileNameWithoutExtension(real)})", seconds, bytes, files.Length, embedded, results, "ingest_real");
                Console.WriteLine("result: " + string.Join(' ', results));
                return 0;
            }

            foreach (var (name, spec) in new[] { ("tiny", TestModelSpec.Tiny), ("60m", TestModelSpec.Approx60M) })
            {
                using var model = LlamaModel.Load(TestModelGenerator.GetOrCreate(spec));
                using var generator = new LlamaEmbeddingGenerator(model);
                var (seconds, embedded) = await Ingest(corpus, generator);
                Report($"ingest + embeddings ({spec.Name})", seconds, bytes, files.Length, embedded, results, $"ingest_{name}");
            }

            Console.WriteLine("result: " + string.Join(' ', results));
            return 0;
        }
        finally
        {
            Directory.Delete(corpus, recursive: true);
        }
    }

    private static void Report(string stage, double seconds, long bytes, int files, int chunks, List<string> results, string key)
    {
        double mbps = bytes / 1048576.0 / seconds, chunksPerSecond = chunks / seconds, docsPerSecond = files / seconds;
        Console.WriteLine($"{stage,-34} {seconds,8:F2} {mbps,7:F2} {docsPerSecond,7:F1} {chunks,7} {chunksPerSecond,9:F1}");
        results.Add(FormattableString.Invariant($"{key}_mbps={mbps:F3} {key}_docs_per_s={docsPerSecond:F1} {key}_chunks_per_s={chunksPerSecond:F1}"));
    }

    private static async Task<(double Seconds, int Chunks)> ExtractOnly(string[] files, ITokenCounter? counter = null)
    {
        var registry = LocalKernel.Rag.Code.CodeExtractors.CreateRegistry();
        var chunker = counter is null ? new StructuredChunker() : new StructuredChunker(counter, new ChunkingOptions { MaxTokens = 256 });
        int chunks = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, async (file, cancellationToken) =>
        {
            var document = await registry.ExtractFileAsync(file, cancellationToken: cancellationToken);
            Interlocked.Add(ref chunks, chunker.Chunk(document, cancellationToken).Count);
        });
        return (clock.Elapsed.TotalSeconds, chunks);
    }

    private static async Task<(double Seconds, int Chunks)> Ingest(string corpus, LlamaEmbeddingGenerator? generator)
    {
        var storePath = Path.Combine(Path.GetTempPath(), $"localkernel-ingest-bench-{Guid.NewGuid():N}.db");
        try
        {
            var model = generator is null ? null : new EmbeddingModelInfo(generator.Metadata.DefaultModelId!, generator.Metadata.DefaultModelDimensions!.Value, generator.Pooling.ToString(), Normalized: true);
            using var store = SqliteDocumentStore.Open(storePath, model);
            ITokenCounter counter = generator is null ? ApproximateTokenCounter.Instance : new ModelTokenCounter(generator.Model);
            var chunking = generator is null ? null : new ChunkingOptions { MaxTokens = Math.Min(256, generator.MaxInputTokens) };
            var ingestor = new DocumentIngestor(store, LocalKernel.Rag.Code.CodeExtractors.CreateRegistry(), new StructuredChunker(counter, chunking), generator);
            var clock = Stopwatch.StartNew();
            var results = await ingestor.IngestDirectoryAsync(corpus);
            return (clock.Elapsed.TotalSeconds, results.Sum(r => r.ChunkCount));
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(storePath + suffix);
            }
        }
    }

    private static long WriteCorpus(string scifact, string directory, int documents)
    {
        int written = 0;
        foreach (var line in File.ReadLines(Path.Combine(scifact, "corpus.jsonl")).Take(documents))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            File.WriteAllText(Path.Combine(directory, $"abstract-{written++:D5}.md"),
                $"# {root.GetProperty("title").GetString()}\n\n{root.GetProperty("text").GetString()}\n");
        }

        var fixtures = Path.Combine(TestPaths.RepositoryRoot, "tests", "LocalKernel.Rag.Tests", "Fixtures");
        foreach (var file in Directory.GetFiles(fixtures, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".pdf", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal)))
        {
            if (!Path.GetFileName(file).StartsWith("encrypted", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
            }
        }

        return Directory.GetFiles(directory).Sum(f => new FileInfo(f).Length);
    }

    /// <summary>Chunks measured in the embedding model's own tokens.</summary>
    private sealed class ModelTokenCounter(LlamaModel model) : ITokenCounter
    {
        public int CountTokens(string text) => model.Tokenize(text, addSpecial: false).Length;
    }
}
