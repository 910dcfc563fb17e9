using Microsoft.Extensions.AI;

namespace LocalKernel.Rag;

/// <summary>A file extracted and chunked, on its way through embedding to the store.</summary>
internal sealed class PreparedDocument(int sourceIndex, DocumentRecord record, IReadOnlyList<DocumentChunk> chunks, IngestionStatus status)
{
    public int SourceIndex { get; } = sourceIndex;

    public DocumentRecord Record { get; } = record;

    public IReadOnlyList<DocumentChunk> Chunks { get; } = chunks;

    /// <summary><see cref="IngestionStatus.Added"/> or <see cref="IngestionStatus.Updated"/>.</summary>
    public IngestionStatus Status { get; } = status;

    /// <summary>One slot per chunk, filled by reuse or by the generator; null without a generator.</summary>
    public Embedding<float>?[]? Embeddings { get; set; }

    /// <summary>Chunks still waiting for their embedding.</summary>
    public int Remaining { get; set; }

    public bool Failed { get; set; }
}
