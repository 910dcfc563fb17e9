namespace LocalKernel.Rag;

/// <summary>The keyword terms of a query as an index sees them: the answer of <see cref="IKeywordStatistics"/>.</summary>
/// <param name="ChunkCount">Chunks in the index.</param>
/// <param name="Terms">The query's distinct terms (function words dropped), in query order.</param>
public sealed record KeywordStatistics(int ChunkCount, IReadOnlyList<KeywordTermStatistics> Terms)
{
    /// <summary>
    /// The share of the query's information that one set of chunks holds: the summed <see cref="KeywordTermStatistics.Weight"/>
    /// of the terms found in any of <paramref name="chunkKeys"/>, over that of all terms. 0 when the query has no terms.
    /// </summary>
    public double Coverage(IEnumerable<long> chunkKeys)
    {
        ArgumentNullException.ThrowIfNull(chunkKeys);
        double total = Terms.Sum(t => t.Weight);
        if (total <= 0)
        {
            return 0;
        }

        var keys = chunkKeys as IReadOnlySet<long> ?? chunkKeys.ToHashSet();
        return Terms.Where(t => t.FoundIn.Overlaps(keys)).Sum(t => t.Weight) / total;
    }
}
