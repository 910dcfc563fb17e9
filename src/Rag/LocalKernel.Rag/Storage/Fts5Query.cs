namespace LocalKernel.Rag;

/// <summary>
/// Turns user text into a safe FTS5 MATCH expression. FTS5 has its own query language (AND, NOT, NEAR,
/// column filters, prefix stars, parentheses): raw user text would fail to parse or change meaning.
/// Each term is quoted as a string and the terms are joined with OR, which is what BM25 ranking expects.
/// </summary>
internal static class Fts5Query
{
    /// <summary>The MATCH expression, or null when the text holds no searchable word.</summary>
    public static string? FromUserText(string text, bool dropStopWords = true)
    {
        var terms = QueryTerms.Extract(text, dropStopWords);
        if (terms.Count == 0)
        {
            return null;
        }

        // Inside an FTS5 string only the double quote is special; the tokenizer still applies, so stemming works.
        return string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
    }
}
