namespace LocalKernel.Rag;

/// <summary>A chunk returned by retrieval, with where it came from and why it was chosen.</summary>
public sealed record RetrievedPassage
{
    /// <summary>The store's key of the chunk.</summary>
    public required long ChunkKey { get; init; }

    /// <summary>The document's id.</summary>
    public required string DocumentId { get; init; }

    /// <summary>The document's source path.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The document's title when known.</summary>
    public string? Title { get; init; }

    /// <summary>0-based position of the chunk in its document.</summary>
    public required int ChunkIndex { get; init; }

    /// <summary>The chunk's text.</summary>
    public required string Text { get; init; }

    /// <summary>The headings above the chunk, e.g. "Install › GPU"; empty when none.</summary>
    public required string Breadcrumb { get; init; }

    /// <summary>First page (PDF), else null.</summary>
    public int? PageStart { get; init; }

    /// <summary>Last page (PDF), else null.</summary>
    public int? PageEnd { get; init; }

    /// <summary>First source line, else null.</summary>
    public int? LineStart { get; init; }

    /// <summary>Last source line, else null.</summary>
    public int? LineEnd { get; init; }

    /// <summary>
    /// The ranking score, higher is better: the reciprocal-rank-fusion score when both retrievers ran,
    /// otherwise the single retriever's score (BM25 or cosine similarity).
    /// </summary>
    public required double Score { get; init; }

    /// <summary>Which retrievers found the passage.</summary>
    public required RetrieverKinds FoundBy { get; init; }

    /// <summary>The BM25 score when keyword search found it.</summary>
    public double? KeywordScore { get; init; }

    /// <summary>The cosine similarity to the query when vector search found it.</summary>
    public double? VectorScore { get; init; }

    /// <summary>
    /// The document's other retrieved passages, best first, when retrieval keeps one result per document
    /// (<see cref="RetrievalOptions.OnePerDocument"/>); empty otherwise. Their scores are their own.
    /// </summary>
    public IReadOnlyList<RetrievedPassage> AlsoInDocument { get; init; } = [];

    /// <summary>This passage and <see cref="AlsoInDocument"/>, in the order they stand in the document.</summary>
    public IReadOnlyList<RetrievedPassage> DocumentPassages =>
        AlsoInDocument.Count == 0 ? [this] : [.. AlsoInDocument.Prepend(this).OrderBy(p => p.ChunkIndex)];

    /// <summary>Where the passage is, for people: "page 3", "pages 3–4", "lines 10–24", or empty.</summary>
    public string Location => (PageStart, PageEnd, LineStart, LineEnd) switch
    {
        ({ } p, { } q, _, _) when q != p => $"pages {p}–{q}",
        ({ } p, _, _, _) => $"page {p}",
        (_, _, { } a, { } b) when b != a => $"lines {a}–{b}",
        (_, _, { } a, _) => $"line {a}",
        _ => string.Empty,
    };

    internal static RetrievedPassage From(StoredChunk chunk, double score, RetrieverKinds foundBy, double? keywordScore, double? vectorScore) => new()
    {
        ChunkKey = chunk.Key,
        DocumentId = chunk.DocumentId,
        SourcePath = chunk.SourcePath,
        Title = chunk.Title,
        ChunkIndex = chunk.Index,
        Text = chunk.Text,
        Breadcrumb = chunk.Breadcrumb,
        PageStart = chunk.PageStart,
        PageEnd = chunk.PageEnd,
        LineStart = chunk.LineStart,
        LineEnd = chunk.LineEnd,
        Score = score,
        FoundBy = foundBy,
        KeywordScore = keywordScore,
        VectorScore = vectorScore,
    };
}
