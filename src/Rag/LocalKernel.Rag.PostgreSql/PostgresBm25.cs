namespace LocalKernel.Rag.PostgreSql;

/// <summary>
/// BM25 as SQLite's FTS5 computes it (k1 1.2, b 0.75, IDF log((N − n + 0.5) / (n + 0.5)) floored at 1e-6), as SQL
/// expressions over the caller's columns: the document store and the VectorData collections both rank with it, so the
/// two engines and both PostgreSQL searches rank alike. The constants are float8: a bare 0.75 is numeric in PostgreSQL
/// and would make the per-posting arithmetic numeric (about a quarter of a query's time on SciFact).
/// </summary>
internal static class PostgresBm25
{
    private const string K1 = "1.2::float8";
    private const string B = "0.75::float8";

    /// <summary>The inverse document frequency of a term found in <paramref name="matching"/> of <paramref name="total"/> units.</summary>
    public static string Idf(string total, string matching) =>
        $"greatest(ln(({total} - {matching} + 0.5) / ({matching} + 0.5)), 1e-6)";

    /// <summary>One term's contribution to a unit's score: its <paramref name="idf"/>, frequency and the unit's length
    /// against the average.</summary>
    public static string Term(string idf, string frequency, string length, string averageLength) =>
        $"{idf} * ({frequency} * ({K1} + 1)) / ({frequency} + {K1} * (1 - {B} + {B} * {length} / nullif({averageLength}, 0)))";
}
