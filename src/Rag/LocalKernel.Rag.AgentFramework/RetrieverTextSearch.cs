using Microsoft.Agents.AI;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Rag.AgentFramework;

/// <summary>
/// Feeds Agent Framework's <see cref="TextSearchProvider"/> from LocalKernel's <see cref="HybridRetriever"/>: before
/// each run (or when the agent calls the search tool, per <see cref="TextSearchProviderOptions.SearchTime"/>) the best
/// passages go to the model, each named by its citation (file, page or lines, headings) and linked to its file.
/// </summary>
/// <example>
/// <code>
/// var agent = chatClient.AsBuilder().BuildAIAgent(new ChatClientAgentOptions
/// {
///     AIContextProviders = [RetrieverTextSearch.CreateProvider(retriever)],
/// });
/// </code>
/// </example>
public static class RetrieverTextSearch
{
    /// <summary>A provider that searches <paramref name="retriever"/>.</summary>
    /// <param name="retriever">The retriever.</param>
    /// <param name="retrievalOptions">How to retrieve (top, mode, filter); null for the defaults (5 passages, hybrid).</param>
    /// <param name="providerOptions">Agent Framework's options (when to search, prompts); null for its defaults.</param>
    /// <param name="loggerFactory">Logs the provider's work.</param>
    /// <returns>The provider, for <see cref="ChatClientAgentOptions.AIContextProviders"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="retriever"/> is null.</exception>
    public static TextSearchProvider CreateProvider(HybridRetriever retriever, RetrievalOptions? retrievalOptions = null,
        TextSearchProviderOptions? providerOptions = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        return new TextSearchProvider(Search(retriever, retrievalOptions), providerOptions, loggerFactory);
    }

    /// <summary>The search delegate <see cref="TextSearchProvider"/> takes, over <paramref name="retriever"/>.</summary>
    /// <param name="retriever">The retriever.</param>
    /// <param name="retrievalOptions">How to retrieve; null for the defaults.</param>
    /// <returns>A delegate returning one result per passage, best first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="retriever"/> is null.</exception>
    public static Func<string, CancellationToken, Task<IEnumerable<TextSearchProvider.TextSearchResult>>> Search(HybridRetriever retriever,
        RetrievalOptions? retrievalOptions = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        return async (query, cancellationToken) =>
        {
            var passages = await retriever.RetrieveAsync(query, retrievalOptions, cancellationToken).ConfigureAwait(false);
            return passages.Select(ToResult).ToList();
        };
    }

    /// <summary>The result for one passage: named by its citation, linked to its file, with the passage as text.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="passage"/> is null.</exception>
    public static TextSearchProvider.TextSearchResult ToResult(RetrievedPassage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var citation = string.Join(", ", new[] { passage.SourcePath, passage.Location, passage.Breadcrumb }.Where(p => p.Length > 0));
        return new TextSearchProvider.TextSearchResult
        {
            SourceName = citation,
            SourceLink = passage.SourcePath,
            Text = passage.Text,
            RawRepresentation = passage,
        };
    }
}
