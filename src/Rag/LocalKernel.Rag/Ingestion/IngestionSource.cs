namespace LocalKernel.Rag;

/// <summary>A file to ingest.</summary>
/// <param name="Path">The file.</param>
/// <param name="DocumentId">The document's id in the store; null for the file's full path.</param>
/// <param name="Tags">Labels for filtering retrieval; null for none.</param>
public sealed record IngestionSource(string Path, string? DocumentId = null, IReadOnlyList<DocumentTag>? Tags = null);
