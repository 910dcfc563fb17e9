namespace LocalKernel.Rag;

/// <summary>One keyword term of a query, with how common it is in the index.</summary>
/// <param name="Word">The word as written in the query, lower-cased.</param>
/// <param name="IndexTerm">What the index searched for: the stem, or the prefix (ending in <c>*</c>) that stood in for an absent term.</param>
/// <param name="ChunkFrequency">Chunks of the whole index that hold it.</param>
/// <param name="ChunkCount">Chunks in the index.</param>
/// <param name="FoundIn">The chunks asked about that hold it.</param>
public sealed record KeywordTermStatistics(string Word, string IndexTerm, int ChunkFrequency, int ChunkCount, IReadOnlySet<long> FoundIn)
{
    /// <summary>
    /// How much the term tells: its BM25 inverse document frequency, ln(1 + (N − n + 0.5) / (n + 0.5)). A word the
    /// index does not hold at all ("Mars" in an atlas) weighs the most, so a question about it is not "covered" by
    /// passages that only share its common words.
    /// </summary>
    public double Weight => Math.Log(1 + ((ChunkCount - ChunkFrequency + 0.5) / (ChunkFrequency + 0.5)));
}
