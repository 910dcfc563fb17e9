namespace LocalKernel.Rag;

/// <summary>
/// Optional capability of an <see cref="IDocumentStore"/>: how informative each word of a query is in the whole
/// index, and which of some chunks hold it. <see cref="DocumentAnswerer"/> uses it to decide from the evidence
/// whether the documents answer a question at all; a store without it gets an unweighted decision.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IKeywordStatistics
{
    /// <summary>The query's keyword terms with their chunk frequencies in the index and the given chunks that hold each.</summary>
    /// <param name="query">The user's words, as given to <see cref="IDocumentStore.SearchKeywordsAsync"/>.</param>
    /// <param name="chunkKeys">Chunks to check for each term (usually the retrieved ones).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    Task<KeywordStatistics> GetKeywordStatisticsAsync(string query, IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken = default);
}
