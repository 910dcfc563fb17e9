using System.Globalization;
using Npgsql;
using Pgvector;

namespace LocalKernel.Rag.PostgreSql;

// Keyword search by BM25 over the postings table, and vector search through pgvector (HNSW or exact).
public sealed partial class PostgresDocumentStore
{
    /// <inheritdoc />
    /// <remarks>
    /// BM25 exactly as SQLite's FTS5 computes it (k1 = 1.2, b = 0.75, IDF log((N − n + 0.5) / (n + 0.5)) floored at
    /// 1e-6, headings weighted by <see cref="PostgresDocumentStoreOptions.HeadingWeight"/>), from per-chunk term
    /// frequencies and lengths over the whole store; terms are stemmed by the store's text search configuration.
    /// </remarks>
    public async Task<IReadOnlyList<ChunkMatch>> SearchKeywordsAsync(string query, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = QueryTerms.Extract(query);
        if (terms.Count == 0 || top <= 0)
        {
            return [];
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        command.Parameters.AddWithValue(terms.ToArray());
        command.Parameters.AddWithValue(top);
        command.Parameters.AddWithValue(_options.HeadingWeightOrDefault);
        var restriction = FilterSql(filter, command, "c.document_key");
        var config = "'" + _textSearchConfiguration + "'::regconfig";
        var chunks = _schema.Table("chunks");
        command.CommandText = _options.UseTsRank
            ? $"""
              WITH q AS (SELECT to_tsquery({config}, array_to_string($1::text[], ' | ')) AS query),
              scored AS (
                  SELECT c.chunk_key, ts_rank(c.search, q.query)::float8 AS score
                  FROM {chunks} c, q
                  WHERE c.search @@ q.query AND $3::float8 >= 0 {restriction}
                  ORDER BY score DESC LIMIT $2)
              {ChunkColumnsAnd(", s.score")} JOIN scored s ON s.chunk_key = c.chunk_key ORDER BY s.score DESC, c.chunk_key
              """
            : $"""
              WITH terms AS (
                  SELECT DISTINCT l.lexeme AS term
                  FROM unnest($1::text[]) AS w(word) CROSS JOIN LATERAL unnest(to_tsvector({config}, w.word)) AS l),
              stats AS (SELECT coalesce(sum(chunk_count), 0)::float8 AS n, coalesce(sum(term_total)::float8 / nullif(sum(chunk_count), 0), 0) AS avgdl FROM {_schema.Table("corpus_stats")}),
              idf AS (
                  SELECT t.term, {PostgresBm25.Idf("stats.n", "df.n")} AS idf
                  FROM terms t
                       CROSS JOIN LATERAL (SELECT count(*)::float8 AS n FROM {_schema.Table("postings")} p WHERE p.term = t.term) df
                       CROSS JOIN stats),
              scored AS (
                  SELECT p.chunk_key,
                         sum({PostgresBm25.Term("idf.idf", "f.tf", "p.chunk_length", "stats.avgdl")}) AS score
                  FROM {_schema.Table("postings")} p
                       JOIN idf ON idf.term = p.term
                       {(restriction.Length == 0 ? string.Empty : $"JOIN {chunks} c ON c.chunk_key = p.chunk_key")}
                       CROSS JOIN stats
                       CROSS JOIN LATERAL (SELECT p.text_frequency + $3::float8 * p.heading_frequency AS tf) f
                  WHERE true {restriction}
                  GROUP BY p.chunk_key
                  ORDER BY score DESC LIMIT $2)
              {ChunkColumnsAnd(", s.score")} JOIN scored s ON s.chunk_key = c.chunk_key ORDER BY s.score DESC, c.chunk_key
              """;
        return await ReadMatchesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Approximate, through pgvector's HNSW index (iterative scans keep filtered searches filled), unless
    /// <see cref="PostgresDocumentStoreOptions.ExactVectorSearch"/> is set. Scores are cosine similarities.
    /// </remarks>
    public async Task<IReadOnlyList<ChunkMatch>> SearchVectorsAsync(ReadOnlyMemory<float> queryVector, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var model = EmbeddingModel ?? throw new InvalidOperationException($"The store {Description} has no embedding model, so it holds no vectors to search.");
        if (queryVector.Length != model.Dimensions)
        {
            throw new ArgumentException($"The query vector has {queryVector.Length} dimensions; the store's model {model.Name} has {model.Dimensions}.", nameof(queryVector));
        }

        if (top <= 0)
        {
            return [];
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var settings = _options.ExactVectorSearch || model.Dimensions > PostgresSchema.MaxIndexedDimensions
            ? "SET LOCAL enable_indexscan = off"
            : $"SET LOCAL hnsw.ef_search = {_options.EfSearchFor(top).ToString(CultureInfo.InvariantCulture)}; SET LOCAL hnsw.iterative_scan = relaxed_order";
        await PostgresSchema.ExecuteAsync(connection, transaction, settings, cancellationToken).ConfigureAwait(false);

        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        command.Parameters.AddWithValue(new Vector(Normalize(queryVector.Span)));
        command.Parameters.AddWithValue(top);
        var restriction = filter is null || filter.IsEmpty
            ? string.Empty
            : $"JOIN {_schema.Table("chunks")} c ON c.chunk_key = v.chunk_key WHERE true {FilterSql(filter, command, "c.document_key")}";

        // <#> is the negated inner product; the vectors are unit length, so its negation is the cosine.
        command.CommandText = $"""
            WITH hits AS MATERIALIZED (
                SELECT v.chunk_key, -(v.embedding <#> $1) AS score
                FROM {_schema.Table("vectors")} v {restriction}
                ORDER BY v.embedding <#> $1 LIMIT $2)
            {ChunkColumnsAnd(", s.score")} JOIN hits s ON s.chunk_key = c.chunk_key ORDER BY s.score DESC, c.chunk_key
            """;
        var matches = await ReadMatchesAsync(command, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return matches;
    }

    private static async Task<IReadOnlyList<ChunkMatch>> ReadMatchesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var matches = new List<ChunkMatch>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            matches.Add(new ChunkMatch(ReadChunk(reader), Convert.ToDouble(reader.GetValue(12), CultureInfo.InvariantCulture)));
        }

        return matches;
    }

    /// <summary>
    /// " AND …" restricting <paramref name="documentKeyColumn"/> to the documents the filter admits, or empty. Ids and
    /// tag values are array parameters appended to <paramref name="command"/>; nothing from the filter enters the SQL text.
    /// </summary>
    private string FilterSql(SearchFilter? filter, NpgsqlCommand command, string documentKeyColumn)
    {
        if (filter is null || filter.IsEmpty)
        {
            return string.Empty;
        }

        var conditions = new List<string>();
        if (filter.DocumentIds is { } ids)
        {
            command.Parameters.AddWithValue(ids.ToArray());
            conditions.Add($"d.id = ANY(${command.Parameters.Count})");
        }

        foreach (var group in (filter.Tags ?? []).GroupBy(t => t.Key, StringComparer.Ordinal))
        {
            command.Parameters.AddWithValue(group.Key);
            command.Parameters.AddWithValue(group.Select(t => t.Value).ToArray());
            int key = command.Parameters.Count - 1;
            conditions.Add($"EXISTS (SELECT 1 FROM {_schema.Table("document_tags")} t WHERE t.document_key = d.doc_key AND t.tag_key = ${key} AND t.tag_value = ANY(${key + 1}))");
        }

        return $" AND {documentKeyColumn} IN (SELECT d.doc_key FROM {_schema.Table("documents")} d WHERE {string.Join(" AND ", conditions)})";
    }
}
