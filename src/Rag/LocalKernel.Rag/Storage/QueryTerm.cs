namespace LocalKernel.Rag;

/// <summary>One word of a keyword query as the index sees it.</summary>
/// <param name="Word">The word as the user wrote it, lower-cased.</param>
/// <param name="IndexTerm">Its index form (stemmed when the store stems).</param>
/// <param name="Prefix">When the index holds no <paramref name="IndexTerm"/>: the longest prefix of it the index holds, searched as a prefix; else null.</param>
internal sealed record QueryTerm(string Word, string IndexTerm, string? Prefix)
{
    /// <summary>The term's part of an FTS5 MATCH expression.</summary>
    public string MatchExpression => Prefix is null ? Fts5Query.Quote(IndexTerm) : Fts5Query.Quote(Prefix) + "*";
}
