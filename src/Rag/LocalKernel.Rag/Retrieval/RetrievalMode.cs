namespace LocalKernel.Rag;

/// <summary>Which retrievers a <see cref="HybridRetriever"/> runs.</summary>
public enum RetrievalMode
{
    /// <summary>BM25 and vector search fused by reciprocal rank; BM25 alone when no embedding generator is configured.</summary>
    Hybrid,

    /// <summary>BM25 only.</summary>
    Keyword,

    /// <summary>Vector search only; needs an embedding generator.</summary>
    Vector,
}
