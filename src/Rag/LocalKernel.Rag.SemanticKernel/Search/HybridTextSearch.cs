using Microsoft.SemanticKernel.Data;

// Semantic Kernel 1.82 marks ITextSearch<TRecord> experimental (SKEXP0001) and the non-generic ITextSearch obsolete,
// yet its CreateWithGetTextSearchResults plugin factory exists only for the non-generic one: implement both.
#pragma warning disable SKEXP0001
#pragma warning disable CS0618

namespace LocalKernel.Rag.SemanticKernel;

/// <summary>
/// Semantic Kernel's text search over LocalKernel's <see cref="HybridRetriever"/>, so SK's search plugins work on the
/// ingested documents (e.g. <c>textSearch.CreateWithGetTextSearchResults("documents")</c>). A result's
/// <see cref="TextSearchResult.Name"/> is its citation (file, page or lines, headings), its
/// <see cref="TextSearchResult.Link"/> the file's path, its <see cref="TextSearchResult.Value"/> the passage.
/// </summary>
/// <remarks>
/// <see cref="TextSearchOptions.Top"/> and <see cref="TextSearchOptions.Skip"/> are honoured; filters are not (the
/// retriever's own <see cref="SearchFilter"/> is given at construction), and a filter in the options is refused rather
/// than ignored. Thread-safe when the retriever is.
/// </remarks>
public sealed class HybridTextSearch : ITextSearch, ITextSearch<RetrievedPassage>
{
    private readonly HybridRetriever _retriever;
    private readonly RetrievalOptions? _options;

    /// <summary>Creates the search.</summary>
    /// <param name="retriever">The retriever.</param>
    /// <param name="options">Retrieval settings (mode, filter, …); <c>Top</c> comes from each search's options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="retriever"/> is null.</exception>
    public HybridTextSearch(HybridRetriever retriever, RetrievalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        _retriever = retriever;
        _options = options;
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The options hold a filter.</exception>
    public async Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var passages = await RetrieveAsync(query, searchOptions?.Top, searchOptions?.Skip, searchOptions?.Filter is not null, cancellationToken).ConfigureAwait(false);
        return Results(passages.Select(p => p.Text), passages.Count, searchOptions?.IncludeTotalCount == true);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The options hold a filter.</exception>
    public async Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(string query, TextSearchOptions? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var passages = await RetrieveAsync(query, searchOptions?.Top, searchOptions?.Skip, searchOptions?.Filter is not null, cancellationToken).ConfigureAwait(false);
        return Results(passages.Select(ToResult), passages.Count, searchOptions?.IncludeTotalCount == true);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The options hold a filter.</exception>
    public async Task<KernelSearchResults<object>> GetSearchResultsAsync(string query, TextSearchOptions? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var passages = await RetrieveAsync(query, searchOptions?.Top, searchOptions?.Skip, searchOptions?.Filter is not null, cancellationToken).ConfigureAwait(false);
        return Results(passages.Cast<object>(), passages.Count, searchOptions?.IncludeTotalCount == true);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The options hold a filter.</exception>
    public async Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions<RetrievedPassage>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var passages = await RetrieveAsync(query, searchOptions?.Top, searchOptions?.Skip, searchOptions?.Filter is not null, cancellationToken).ConfigureAwait(false);
        return Results(passages.Select(p => p.Text), passages.Count, searchOptions?.IncludeTotalCount == true);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The options hold a filter.</exception>
    public async Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(string query, TextSearchOptions<RetrievedPassage>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var passages = await RetrieveAsync(query, searchOptions?.Top, searchOptions?.Skip, searchOptions?.Filter is not null, cancellationToken).ConfigureAwait(false);
        return Results(passages.Select(ToResult), passages.Count, searchOptions?.IncludeTotalCount == true);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The options hold a filter.</exception>
    public async Task<KernelSearchResults<RetrievedPassage>> GetSearchResultsAsync(string query, TextSearchOptions<RetrievedPassage>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var passages = await RetrieveAsync(query, searchOptions?.Top, searchOptions?.Skip, searchOptions?.Filter is not null, cancellationToken).ConfigureAwait(false);
        return Results(passages, passages.Count, searchOptions?.IncludeTotalCount == true);
    }

    /// <summary>The search result of a passage: its citation, its file and its text.</summary>
    public static TextSearchResult ToResult(RetrievedPassage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var citation = CitedPassage.From(passage, 0).Citation;
        return new TextSearchResult(passage.Text) { Name = citation, Link = passage.SourcePath };
    }

    private async Task<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string query, int? top, int? skip, bool hasFilter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (hasFilter)
        {
            throw new NotSupportedException("HybridTextSearch does not apply Semantic Kernel filters: give a SearchFilter in the RetrievalOptions instead.");
        }

        int take = top ?? TextSearchOptions.DefaultTop;
        int drop = Math.Max(0, skip ?? 0);
        var options = new RetrievalOptions
        {
            Top = take + drop,
            Mode = _options?.Mode,
            CandidateCount = _options?.CandidateCount,
            RrfK = _options?.RrfK,
            Filter = _options?.Filter,
            MmrLambda = _options?.MmrLambda,
            QueryEmbeddingPrefix = _options?.QueryEmbeddingPrefix,
        };
        var passages = await _retriever.RetrieveAsync(query, options, cancellationToken).ConfigureAwait(false);
        return passages.Skip(drop).Take(take).ToList();
    }

    private static KernelSearchResults<T> Results<T>(IEnumerable<T> items, int count, bool includeCount) =>
        new(items.ToAsyncEnumerable(), includeCount ? count : null);
}
