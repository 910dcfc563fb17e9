using LocalKernel.Rag;
using LocalKernel.Rag.Tests;

// Usage: LocalKernel.Rag.KillTarget <store.db> <folder> [pace-ms]
// Prints "progress <files> <chunks>" after every step and "done <files> <chunks>" at the end.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: LocalKernel.Rag.KillTarget <store.db> <folder> [pace-ms]");
    return 2;
}

int pace = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
var embedder = FakeEmbeddingGenerator.HashingBagOfWords();

// Pacing stretches the run so the parent can kill it while documents are in flight, as a slow real model would.
embedder.BeforeBatch = _ => Thread.Sleep(pace);
using var store = SqliteDocumentStore.Open(args[0], embedder.ModelInfo);
var ingestor = new DocumentIngestor(store, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, embedder, new DocumentIngestorOptions { EmbeddingBatchSize = 8 });
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
