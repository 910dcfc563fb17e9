namespace LocalKernel.Rag;

/// <summary>How far an ingestion run is; reported after each file, embedding batch and write.</summary>
/// <param name="FilesTotal">Files in this run.</param>
/// <param name="FilesCompleted">Files finished (stored, unchanged, removed or failed).</param>
/// <param name="ChunksStored">Chunks written to the store so far.</param>
/// <param name="EmbeddingsGenerated">Chunks embedded so far (reused vectors of unchanged chunks are not counted).</param>
public readonly record struct IngestionProgress(int FilesTotal, int FilesCompleted, int ChunksStored, int EmbeddingsGenerated);
