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
    /// How much the term tells: its BM25 inverse document frequency, ln(1 + (N − n + 0.5) / (n + 0.5)), with n at least
    /// 1. A word the index does not hold at all ("Mars" in a cookbook) weighs as much as the rarest word it holds, so a
    /// question about it is not "covered" by passages that only share its common words — but no more, so one absent
    /// turn of phrase ("what does X mean") does not outweigh a rare word that is found.
    /// </summary>
    public double Weight => Math.Log(1 + ((ChunkCount - Math.Max(1, ChunkFrequency) + 0.5) / (Math.Max(1, ChunkFrequency) + 0.5)));
}
