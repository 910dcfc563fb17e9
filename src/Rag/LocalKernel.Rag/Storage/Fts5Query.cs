using Microsoft.Data.Sqlite;

namespace LocalKernel.Rag;

/// <summary>
/// Turns user text into a safe FTS5 MATCH expression. FTS5 has its own query language (AND, NOT, NEAR,
/// column filters, prefix stars, parentheses): raw user text would fail to parse or change meaning.
/// Each term is quoted as a string and the terms are joined with OR, which is what BM25 ranking expects.
/// A term the index does not hold at all ("septicemia" where the documents say "septicemic") is replaced by
/// the longest prefix of it that the index does hold, as a prefix query, before the term is given up.
/// </summary>
internal static class Fts5Query
{
    // A prefix keeps at least this many characters and this share of the term: shorter ones match unrelated words.
    private const int MinPrefixLength = 4;
    private const double MinPrefixShare = 0.75;

    /// <summary>The query's terms in index form, each with the prefix that stands in for it when it is absent.</summary>
    public static List<QueryTerm> Terms(string text, bool dropStopWords, bool prefixFallback, KeywordAnalyzer analyzer, SqliteConnection connection, SqliteTransaction? transaction)
    {
        var terms = new List<QueryTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in QueryTerms.Extract(text, dropStopWords))
        {
            var term = analyzer.IndexTerm(word);
            if (!seen.Add(term))
            {
                continue;
            }

            // Prefixes are looked up in the index's own vocabulary, which holds the words as queried only when FTS5
            // does not stem them itself (its Porter tokenizer would stem the prefix too).
            bool canPrefix = prefixFallback && analyzer.Stemming != KeywordStemming.Porter;
            string? prefix = canPrefix && !Exists(connection, transaction, term) ? LongestIndexedPrefix(connection, transaction, term) : null;
            terms.Add(new QueryTerm(word, term, prefix));
        }

        return terms;
    }

    /// <summary>The MATCH expression of the terms, or null when there are none.</summary>
    public static string? Expression(IReadOnlyList<QueryTerm> terms) =>
        terms.Count == 0 ? null : string.Join(" OR ", terms.Select(t => t.MatchExpression));

    /// <summary>A quoted FTS5 string: inside one only the double quote is special.</summary>
    public static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static bool Exists(SqliteConnection connection, SqliteTransaction? transaction, string term)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH $match LIMIT 1";
        command.Parameters.AddWithValue("$match", Quote(term));
        return command.ExecuteScalar() is not null;
    }

    private static string? LongestIndexedPrefix(SqliteConnection connection, SqliteTransaction? transaction, string term)
    {
        int shortest = Math.Max(MinPrefixLength, (int)Math.Ceiling(term.Length * MinPrefixShare));
        for (int length = term.Length - 1; length >= shortest; length--)
        {
            var prefix = term[..length];
            if (char.IsSurrogate(prefix[^1]))
            {
                continue;
            }

            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH $match LIMIT 1";
            command.Parameters.AddWithValue("$match", Quote(prefix) + "*");
            if (command.ExecuteScalar() is not null)
            {
                return prefix;
            }
        }

        return null;
    }
}
