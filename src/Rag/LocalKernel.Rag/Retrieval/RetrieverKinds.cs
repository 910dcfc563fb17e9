namespace LocalKernel.Rag;

/// <summary>Which retrievers found a passage.</summary>
[Flags]
public enum RetrieverKinds
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>BM25 keyword search.</summary>
    Keyword = 1,

    /// <summary>Vector similarity search.</summary>
    Vector = 2,
}
