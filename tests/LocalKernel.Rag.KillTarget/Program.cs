using LocalKernel.Rag;
using LocalKernel.Rag.PostgreSql;
using LocalKernel.Rag.Tests;

// Usage: LocalKernel.Rag.KillTarget <store.db | PostgreSQL connection string> <folder> [pace-ms] [PostgreSQL schema]
// Prints "progress <files> <chunks>" after every step and "done <files> <chunks>" at the end.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: LocalKernel.Rag.KillTarget <store.db or connection string> <folder> [pace-ms] [schema]");
    return 2;
}

int pace = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
var embedder = FakeEmbeddingGenerator.HashingBagOfWords();

// Pacing stretches the run so the parent can kill it while documents are in flight, as a slow real model would.
embedder.BeforeBatch = _ => Thread.Sleep(pace);
using IDisposable store = PostgresConnectionString.IsPostgres(args[0])
    ? PostgresDocumentStore.Open(args[0], embedder.ModelInfo, new PostgresDocumentStoreOptions { Schema = args.Length > 3 ? args[3] : null })
    : SqliteDocumentStore.Open(args[0], embedder.ModelInfo);
var ingestor = new DocumentIngestor((IDocumentStore)store, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, embedder, new DocumentIngestorOptions { EmbeddingBatchSize = 8 });
var progress = new Reporter();
var results = await ingestor.IngestDirectoryAsync(args[1], progress: progress);
Console.Out.WriteLine($"done {results.Count} {results.Sum(r => r.ChunkCount)}");
Console.Out.Flush();
return results.Any(r => r.Status == IngestionStatus.Failed) ? 1 : 0;

internal sealed class Reporter : IProgress<IngestionProgress>
{
    private readonly Lock _lock = new();

    public void Report(IngestionProgress value)
    {
        lock (_lock)
        {
            Console.Out.WriteLine($"progress {value.FilesCompleted} {value.ChunksStored}");
            Console.Out.Flush();
        }
    }
}
