namespace LocalKernel.Rag;

/// <summary>How a <see cref="HybridRetriever"/> searches. Null properties mean "use the default".</summary>
public sealed class RetrievalOptions
{
    /// <summary>How many passages to return. Default 5.</summary>
    public int? Top { get; set; }

    /// <summary>Which retrievers run. Default <see cref="RetrievalMode.Hybrid"/>.</summary>
    public RetrievalMode? Mode { get; set; }

    /// <summary>
    /// How many candidates each retriever contributes before fusion (and before MMR). Default
    /// max(4 × <see cref="Top"/>, 20): fusion needs depth to reward passages both retrievers rank fairly well.
    /// </summary>
    public int? CandidateCount { get; set; }

    /// <summary>The constant k of reciprocal-rank fusion, score = Σ 1 / (k + rank). Default 60, the value of
    /// Cormack et al. (2009) that damps the weight of the very first ranks.</summary>
    public int? RrfK { get; set; }

    /// <summary>Restricts retrieval to some documents or tags; null for all.</summary>
    public SearchFilter? Filter { get; set; }

    /// <summary>
    /// Turns on maximal-marginal-relevance diversification: passages are chosen greedily by
    /// λ × relevance − (1 − λ) × (similarity to the passages already chosen). 1 is pure relevance,
    /// 0 pure diversity, 0.5–0.7 is typical. Null (the default) keeps the fused order.
    /// </summary>
    public double? MmrLambda { get; set; }

    /// <summary>Text put before the query when it is embedded, for models trained with one (e.g. "query: " for E5). Default none.</summary>
    public string? QueryEmbeddingPrefix { get; set; }

    /// <summary>
    /// Whether a document takes one result slot: its best passage, with its other retrieved passages in
    /// <see cref="RetrievedPassage.AlsoInDocument"/>; <see cref="Top"/> then counts documents. Default true, so one
    /// long file cannot fill the results and an answer numbers its sources per document.
    /// </summary>
    public bool? OnePerDocument { get; set; }

    /// <summary>Default options.</summary>
    public static RetrievalOptions Default { get; } = new();

    internal int TopOrDefault => Top ?? 5;

    internal int CandidateCountOrDefault => CandidateCount ?? Math.Max(4 * TopOrDefault, 20);

    internal int RrfKOrDefault => RrfK ?? 60;

    internal bool OnePerDocumentOrDefault => OnePerDocument ?? true;
}
