namespace LocalKernel.Rag;

/// <summary>A chunk found by a search, with its score.</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Score">Higher is better: BM25 for keyword search, cosine similarity for vector search.</param>
public sealed record ChunkMatch(StoredChunk Chunk, double Score);
