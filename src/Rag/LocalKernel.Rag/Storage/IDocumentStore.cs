using Microsoft.Extensions.AI;

namespace LocalKernel.Rag;

/// <summary>
/// Keeps documents, their chunks and vectors, and finds chunks by keywords (BM25) and by vector
/// similarity. <see cref="SqliteDocumentStore"/> is the embedded implementation; LocalKernel.Rag.PostgreSql holds the
/// PostgreSQL one, and the same contract tests run against both.
/// </summary>
/// <remarks>
/// Implementations are thread-safe. A document is written atomically: readers see its old version or
/// its new one, never a mixture or a part.
/// </remarks>
public interface IDocumentStore
{
    /// <summary>The embedding model whose vectors the store holds; null when it holds none (keyword search only).</summary>
    EmbeddingModelInfo? EmbeddingModel { get; }

    /// <summary>Writes a document with its chunks and their vectors, replacing any document with the same id.</summary>
    /// <param name="document">The document's identity and metadata.</param>
    /// <param name="chunks">Its chunks, in order; may be empty.</param>
    /// <param name="embeddings">One embedding per chunk, in the same order; null for a store without an embedding model.</param>
    /// <param name="cancellationToken">Cancels before the write commits.</param>
    /// <exception cref="EmbeddingModelMismatchException">The embeddings are missing, or are not of <see cref="EmbeddingModel"/>.</exception>
    /// <exception cref="ArgumentException">The embedding count differs from the chunk count.</exception>
    Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<DocumentChunk> chunks, IReadOnlyList<Embedding<float>>? embeddings, CancellationToken cancellationToken = default);

    /// <summary>Deletes a document and its chunks. Returns false when no document has this id.</summary>
    Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every document from <paramref name="sourcePath"/>; returns how many there were.</summary>
    Task<int> DeleteDocumentsByPathAsync(string sourcePath, CancellationToken cancellationToken = default);

    /// <summary>The document with this id, or null.</summary>
    Task<StoredDocument?> GetDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>All documents, ordered by id.</summary>
    Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken = default);

    /// <summary>The chunks of one document in order; empty when there is no such document.</summary>
    Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>The stored (L2-normalised) vectors of the given chunks; chunks without one are absent from the result.</summary>
    Task<IReadOnlyDictionary<long, ReadOnlyMemory<float>>> GetVectorsAsync(IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken = default);

    /// <summary>How many documents, chunks and vectors the store holds.</summary>
    Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The chunks that best match the words of <paramref name="query"/> by BM25, best first. The query is
    /// plain text: operators and punctuation have no special meaning, and any of its words may match.
    /// </summary>
    /// <param name="query">The user's words.</param>
    /// <param name="top">How many chunks at most.</param>
    /// <param name="filter">Restricts the documents searched; null for all.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    Task<IReadOnlyList<ChunkMatch>> SearchKeywordsAsync(string query, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>The chunks whose vectors are most similar (cosine) to <paramref name="queryVector"/>, best first. Exact in the SQLite
    /// store; a store that searches an approximate index (PostgreSQL's HNSW) says so and offers exact search as an option.</summary>
    /// <param name="queryVector">A vector of <see cref="EmbeddingModel"/>; it need not be normalised.</param>
    /// <param name="top">How many chunks at most.</param>
    /// <param name="filter">Restricts the documents searched; null for all.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <exception cref="InvalidOperationException">The store has no embedding model.</exception>
    /// <exception cref="ArgumentException">The vector's length is not the model's dimensions.</exception>
    Task<IReadOnlyList<ChunkMatch>> SearchVectorsAsync(ReadOnlyMemory<float> queryVector, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default);
}
