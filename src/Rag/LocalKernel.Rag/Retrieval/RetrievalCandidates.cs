namespace LocalKernel.Rag;

/// <summary>What one retrieval saw: the passages returned, and the keyword and vector candidate lists they were fused
/// from (best first), with the query's vector when vector search ran.</summary>
internal sealed record RetrievalCandidates(
    IReadOnlyList<RetrievedPassage> Passages,
    IReadOnlyList<ChunkMatch> Keyword,
    IReadOnlyList<ChunkMatch> Vector,
    ReadOnlyMemory<float>? QueryVector);
