using System.Text.Json.Serialization;

namespace LocalKernel.Rag;

/// <summary>Search results as tools read them (<c>kb search --json</c>): <c>{"results": [{"path", "score", "snippet", …}]}</c>.</summary>
public sealed record SearchOutput
{
    /// <summary>The results, best first, one per document.</summary>
    [JsonPropertyName("results")]
    public required IReadOnlyList<SearchResultOutput> Results { get; init; }

    /// <summary>The output shape of retrieved passages for <paramref name="query"/> (the query picks each snippet).</summary>
    public static SearchOutput From(string query, IReadOnlyList<RetrievedPassage> passages)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        var question = WeightedQuestion.From(query, null);
        return new SearchOutput { Results = passages.Select((p, i) => Result(i + 1, p, question, withOthers: true)).ToList() };
    }

    private static SearchResultOutput Result(int rank, RetrievedPassage p, WeightedQuestion question, bool withOthers) => new()
    {
        Rank = rank,
        Path = p.SourcePath,
        Score = p.Score,
        Snippet = TextMatching.Snippet(p.Text, question, 240),
        Page = p.PageStart,
        PageEnd = p.PageEnd is { } end && end != p.PageStart ? end : null,
        Lines = LineRange.Of(p),
        Heading = p.Breadcrumb,
        Title = p.Title,
        DocumentId = p.DocumentId,
        FoundBy = [.. new[] { (RetrieverKinds.Keyword, "keyword"), (RetrieverKinds.Vector, "vector") }.Where(k => p.FoundBy.HasFlag(k.Item1)).Select(k => k.Item2)],
        Text = p.Text,
        AlsoInDocument = withOthers && p.AlsoInDocument.Count > 0 ? p.AlsoInDocument.Select((o, j) => Result(j + 1, o, question, withOthers: false)).ToList() : null,
    };
}
