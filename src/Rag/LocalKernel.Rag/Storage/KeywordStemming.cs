namespace LocalKernel.Rag;

/// <summary>How the keyword (BM25) index of a <see cref="SqliteDocumentStore"/> reduces words to stems, so "settles"
/// meets "settled". Chosen when a store file is created and recorded in it; an existing store keeps its own.</summary>
public enum KeywordStemming
{
    /// <summary>
    /// Snowball English (Porter2), applied by this library before text reaches FTS5 (which then only splits and folds
    /// accents). The default: on BEIR SciFact it ranks better than FTS5's Porter (see the README's benchmark table),
    /// and it fixes Porter's known misses such as "died" → "di" beside "die" → "die".
    /// </summary>
    SnowballEnglish,

    /// <summary>FTS5's built-in Porter stemmer (stores made before Snowball was the default use this).</summary>
    Porter,

    /// <summary>No stemming: words match only as written (after case and accent folding). For text that is mostly not English.</summary>
    None,
}
