namespace LocalKernel.Rag;

/// <summary>Counts of what a store holds.</summary>
/// <param name="DocumentCount">Documents.</param>
/// <param name="ChunkCount">Chunks of all documents.</param>
/// <param name="VectorCount">Chunks that have a vector.</param>
public sealed record StoreStatistics(int DocumentCount, int ChunkCount, int VectorCount);
