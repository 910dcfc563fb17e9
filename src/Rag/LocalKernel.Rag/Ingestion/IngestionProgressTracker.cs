namespace LocalKernel.Rag;

/// <summary>Counts of one run, updated from the extraction workers and the writer, reported as they change.</summary>
internal sealed class IngestionProgressTracker(int filesTotal, IProgress<IngestionProgress>? progress)
{
    private readonly Lock _lock = new();
    private int _files;
    private int _chunks;
    private int _embeddings;

    public void FileCompleted(int chunksStored = 0) => Update(1, chunksStored, 0);

    public void Embedded(int count) => Update(0, 0, count);

    private void Update(int files, int chunks, int embeddings)
    {
        IngestionProgress snapshot;
        lock (_lock)
        {
            _files += files;
            _chunks += chunks;
            _embeddings += embeddings;
            snapshot = new IngestionProgress(filesTotal, _files, _chunks, _embeddings);
        }

        progress?.Report(snapshot);
    }
}
