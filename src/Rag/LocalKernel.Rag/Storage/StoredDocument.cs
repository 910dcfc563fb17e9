namespace LocalKernel.Rag;

/// <summary>A document as a store holds it.</summary>
/// <param name="Id">The document's identity.</param>
/// <param name="SourcePath">Where the document came from.</param>
/// <param name="ContentType">The MIME type it was extracted as.</param>
/// <param name="ContentHash">Hash of the source bytes when it was written.</param>
/// <param name="Title">The document's title when known.</param>
/// <param name="Tags">Its labels.</param>
/// <param name="CreatedAt">When the document was first written.</param>
/// <param name="UpdatedAt">When it was last replaced.</param>
/// <param name="ChunkCount">How many chunks it has.</param>
/// <param name="VectorCount">How many of its chunks have a vector.</param>
public sealed record StoredDocument(
    string Id,
    string SourcePath,
    string ContentType,
    string ContentHash,
    string? Title,
    IReadOnlyList<DocumentTag> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int ChunkCount,
    int VectorCount)
{
    /// <summary>Whether every chunk has a vector (true for a document without chunks).</summary>
    public bool HasAllVectors => VectorCount == ChunkCount;
}
