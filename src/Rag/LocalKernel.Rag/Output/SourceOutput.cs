using System.Text.Json.Serialization;

namespace LocalKernel.Rag;

/// <summary>One source of an <see cref="AnswerOutput"/>: a document the answer cites as <c>[number]</c>. The JSON names are stable.</summary>
public sealed record SourceOutput
{
    /// <summary>The number the answer cites it by.</summary>
    [JsonPropertyName("number")]
    public required int Number { get; init; }

    /// <summary>The document's path as stored (absolute for files ingested by <c>kb</c>).</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>The first page of the cited passage (PDF), else absent.</summary>
    [JsonPropertyName("page")]
    public int? Page { get; init; }

    /// <summary>The last page when the passage spans pages, else absent.</summary>
    [JsonPropertyName("pageEnd")]
    public int? PageEnd { get; init; }

    /// <summary>The source lines of the cited passage, when known.</summary>
    [JsonPropertyName("lines")]
    public LineRange? Lines { get; init; }

    /// <summary>The headings above the passage ("Install › GPU"); empty when none.</summary>
    [JsonPropertyName("heading")]
    public required string Heading { get; init; }

    /// <summary>The document's title when known.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>The sentence of the document's passages closest to the question.</summary>
    [JsonPropertyName("snippet")]
    public required string Snippet { get; init; }

    /// <summary>The retrieval score of its best passage.</summary>
    [JsonPropertyName("score")]
    public required double Score { get; init; }

    /// <summary>The document's id in the store.</summary>
    [JsonPropertyName("documentId")]
    public required string DocumentId { get; init; }

    internal static SourceOutput From(Citation citation) => From(citation.Number, citation.Passage, citation.Snippet);

    internal static SourceOutput From(int number, RetrievedPassage passage, string snippet) => new()
    {
        Number = number,
        Path = passage.SourcePath,
        Page = passage.PageStart,
        PageEnd = passage.PageEnd is { } end && end != passage.PageStart ? end : null,
        Lines = LineRange.Of(passage),
        Heading = passage.Breadcrumb,
        Title = passage.Title,
        Snippet = snippet,
        Score = passage.Score,
        DocumentId = passage.DocumentId,
    };
}
