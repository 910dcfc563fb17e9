namespace LocalKernel.Rag;

/// <summary>Settings of a <see cref="SqliteDocumentStore"/>. Null properties mean "use the default".</summary>
public sealed class SqliteDocumentStoreOptions
{
    /// <summary>
    /// How the keyword index stems words. Used only when the store file is created; an existing store keeps the
    /// stemming it was made with (<see cref="SqliteDocumentStore.KeywordStemming"/>). Default
    /// <see cref="KeywordStemming.SnowballEnglish"/>; <see cref="KeywordStemming.None"/> for text that is mostly not English.
    /// </summary>
    public KeywordStemming? Stemming { get; set; }

    /// <summary>
    /// The SQLite FTS5 tokenizer of the keyword index, for experts. Used only when the store file is created. Default:
    /// <c>"unicode61 remove_diacritics 2"</c> (Unicode word splitting, accents folded), with <c>porter</c> in front for
    /// <see cref="KeywordStemming.Porter"/>. <see cref="Stemming"/> still applies on top of it.
    /// </summary>
    public string? FullTextTokenizer { get; set; }

    /// <summary>
    /// BM25 weight of a chunk's headings (document title and breadcrumb) relative to its text (weight 1).
    /// Default 3, chosen on the SciFact train split (nDCG@10: 1 → 0.701, 2 → 0.705, 3 → 0.708, 4 → 0.709, 6 → 0.706).
    /// </summary>
    public double? HeadingWeight { get; set; }

    /// <summary>Threads a vector search may use on a large index. Default: the processor count.</summary>
    public int? SearchParallelism { get; set; }

    /// <summary>The clock for document timestamps. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>For measuring only: keep English function words in keyword queries.</summary>
    internal bool KeepQueryStopWords { get; set; }

    /// <summary>For measuring only: give up query terms the index lacks instead of searching their longest indexed prefix.</summary>
    internal bool NoPrefixFallback { get; set; }

    internal string? FullTextTokenizerOrDefault => FullTextTokenizer;

    internal KeywordStemming StemmingOrDefault => Stemming ?? KeywordStemming.SnowballEnglish;

    internal double HeadingWeightOrDefault => HeadingWeight ?? 3.0;

    internal int SearchParallelismOrDefault => SearchParallelism ?? Environment.ProcessorCount;

    internal TimeProvider TimeProviderOrDefault => TimeProvider ?? TimeProvider.System;

    internal SqliteDocumentStoreOptions Clone() => (SqliteDocumentStoreOptions)MemberwiseClone();
}
