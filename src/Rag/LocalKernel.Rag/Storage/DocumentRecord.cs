namespace LocalKernel.Rag;

/// <summary>What a store keeps about a document besides its chunks: the input of
/// <see cref="IDocumentStore.UpsertDocumentAsync"/>.</summary>
/// <param name="Id">The document's identity; writing the same id again replaces the document.</param>
/// <param name="SourcePath">Where the document came from (a file path or a URI).</param>
/// <param name="ContentType">The MIME type it was extracted as.</param>
/// <param name="ContentHash">Hash of the source bytes (hex SHA-256), used to skip unchanged files.</param>
/// <param name="Title">The document's title when known.</param>
/// <param name="Tags">Labels for filtering; null for none.</param>
public sealed record DocumentRecord(
    string Id,
    string SourcePath,
    string ContentType,
    string ContentHash,
    string? Title = null,
    IReadOnlyList<DocumentTag>? Tags = null);
