namespace LocalKernel.Rag;

/// <summary>Splits an extracted document into chunks for embedding and retrieval.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IDocumentChunker
{
    /// <summary>The chunks of <paramref name="document"/> in document order, indexed from 0.</summary>
    IReadOnlyList<DocumentChunk> Chunk(ExtractedDocument document, CancellationToken cancellationToken = default);
}
