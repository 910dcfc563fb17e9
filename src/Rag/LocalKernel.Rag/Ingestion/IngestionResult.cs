namespace LocalKernel.Rag;

/// <summary>The outcome of ingesting one file.</summary>
/// <param name="DocumentId">The document's id.</param>
/// <param name="SourcePath">The file.</param>
/// <param name="Status">What was done.</param>
/// <param name="ChunkCount">Chunks the document has in the store after this run (0 when failed or removed).</param>
/// <param name="Error">Why it failed; null otherwise.</param>
/// <param name="ExtractionFailure">The extractor's reason when extraction failed; null otherwise.</param>
public sealed record IngestionResult(
    string DocumentId,
    string SourcePath,
    IngestionStatus Status,
    int ChunkCount = 0,
    string? Error = null,
    ExtractionFailure? ExtractionFailure = null);
