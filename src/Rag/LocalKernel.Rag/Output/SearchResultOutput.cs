using System.Text.Json.Serialization;

namespace LocalKernel.Rag;

/// <summary>One ranked result of a <see cref="SearchOutput"/>: a document's best passage. The JSON names are stable.</summary>
public sealed record SearchResultOutput
{
    /// <summary>1-based rank.</summary>
    [JsonPropertyName("rank")]
    public required int Rank { get; init; }

    /// <summary>The document's path as stored.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>The ranking score (BM25, cosine similarity, or the fused reciprocal-rank score).</summary>
    [JsonPropertyName("score")]
    public required double Score { get; init; }

    /// <summary>The sentence of the passage closest to the query.</summary>
    [JsonPropertyName("snippet")]
    public required string Snippet { get; init; }

    /// <summary>The passage's first page (PDF), else absent.</summary>
    [JsonPropertyName("page")]
    public int? Page { get; init; }

    /// <summary>The last page when the passage spans pages, else absent.</summary>
    [JsonPropertyName("pageEnd")]
    public int? PageEnd { get; init; }

    /// <summary>The passage's source lines, when known.</summary>
    [JsonPropertyName("lines")]
    public LineRange? Lines { get; init; }

    /// <summary>The headings above the passage; empty when none.</summary>
    [JsonPropertyName("heading")]
    public required string Heading { get; init; }

    /// <summary>The document's title when known.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>The document's id in the store.</summary>
    [JsonPropertyName("documentId")]
    public required string DocumentId { get; init; }

    /// <summary>Which retrievers found it: "keyword", "vector" or both.</summary>
    [JsonPropertyName("foundBy")]
    public required IReadOnlyList<string> FoundBy { get; init; }

    /// <summary>The passage's full text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }

    /// <summary>The document's other matching passages, best first (only page, lines, heading, score and snippet are set).</summary>
    [JsonPropertyName("alsoInDocument")]
    public IReadOnlyList<SearchResultOutput>? AlsoInDocument { get; init; }
}
