using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace LocalKernel.Rag.PostgreSql;

// The write side: one transaction per document, serialised per document id by an advisory lock.
public sealed partial class PostgresDocumentStore
{
    /// <inheritdoc />
    public async Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<DocumentChunk> chunks, IReadOnlyList<Embedding<float>>? embeddings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentException.ThrowIfNullOrEmpty(document.Id);
        ValidateTags(document);
        var vectors = PrepareVectors(embeddings, chunks.Count);
        long now = _options.TimeProviderOrDefault.GetUtcNow().ToUnixTimeMilliseconds();

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        long documentKey = await WriteDocumentRowAsync(connection, transaction, document, now, cancellationToken).ConfigureAwait(false);
        var keys = await WriteChunksAsync(connection, transaction, documentKey, document, chunks, cancellationToken).ConfigureAwait(false);
        if (vectors is not null && keys.Count > 0)
        {
            await InsertVectorsAsync(connection, transaction, keys, vectors, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        PostgresStoreLog.DocumentWritten(_logger, document.Id, chunks.Count);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        return await DeleteWhereAsync("id", documentId, cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public Task<int> DeleteDocumentsByPathAsync(string sourcePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        return DeleteWhereAsync("source_path", sourcePath, cancellationToken);
    }

    private static void ValidateTags(DocumentRecord document)
    {
        foreach (var tag in document.Tags ?? [])
        {
            if (tag.Key is null)
            {
                throw new ArgumentException("A tag has no key.", nameof(document));
            }

            if (tag.Value is null)
            {
                throw new ArgumentException($"Tag '{tag.Key}' has no value.", nameof(document));
            }
        }
    }

    /// <summary>Checks the vectors against the store's model and L2-normalises them (inner product is then cosine).</summary>
    private Vector[]? PrepareVectors(IReadOnlyList<Embedding<float>>? embeddings, int chunkCount) =>
        StoreRows.PrepareVectors(embeddings, chunkCount, EmbeddingModel, Description)?.Select(v => new Vector(v)).ToArray();

    internal static float[] Normalize(ReadOnlySpan<float> vector) => StoreRows.Normalize(vector);

    /// <summary>Takes the document's lock, then inserts or updates its row; one round trip. Returns the document key.</summary>
    private async Task<long> WriteDocumentRowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DocumentRecord document, long now, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);

        // Two writers of one id (the same file ingested by two processes) take turns: the second replaces the first.
        batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock($1, hashtext($2))", PostgresSchema.DocumentLockClass, document.Id));
        batch.BatchCommands.Add(Command($"""
            INSERT INTO {_schema.Table("documents")} AS d (id, source_path, content_type, content_hash, title, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT (id) DO UPDATE SET source_path = EXCLUDED.source_path, content_type = EXCLUDED.content_type,
                content_hash = EXCLUDED.content_hash, title = EXCLUDED.title, updated_at = EXCLUDED.updated_at
            RETURNING doc_key
            """, document.Id, document.SourcePath, document.ContentType, document.ContentHash, new NpgsqlParameter { Value = (object?)document.Title ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }, now));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        do
        {
            if (reader.FieldCount == 1 && reader.GetName(0) == "doc_key" && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return reader.GetInt64(0);
            }
        }
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

        throw new InvalidOperationException($"The store {Description} returned no key for document '{document.Id}'.");
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    /// <summary>
    /// Replaces the document's chunks (their postings and vectors go by cascade) and tags, inserts the new chunks with
    /// their tsvectors and lengths, then their postings; one round trip. Returns the chunk keys in chunk order.
    /// </summary>
    private async Task<List<long>> WriteChunksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long documentKey, DocumentRecord document, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command($"DELETE FROM {_schema.Table("chunks")} WHERE document_key = $1", documentKey));
        batch.BatchCommands.Add(Command($"DELETE FROM {_schema.Table("document_tags")} WHERE document_key = $1", documentKey));
        if (document.Tags is { Count: > 0 } tags)
        {
            batch.BatchCommands.Add(Command(
                $"INSERT INTO {_schema.Table("document_tags")} (document_key, tag_key, tag_value) SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS t(k, v) ON CONFLICT DO NOTHING",
                documentKey,
                tags.Select(t => t.Key).ToArray(),
                tags.Select(t => t.Value).ToArray()));
        }

        if (chunks.Count > 0)
        {
            // Headings carry weight A and text the default D in one tsvector: postings then split a term's
            // frequency into heading and text hits, and ts_rank (measured against BM25) sees the same weights.
            var config = "'" + _textSearchConfiguration + "'::regconfig";
            batch.BatchCommands.Add(Command(
                $"""
                WITH input AS (
                    SELECT u.*, setweight(to_tsvector({config}, u.heading), 'A') || to_tsvector({config}, u.text) AS search
                    FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::text[])
                         AS u(chunk_index, text, breadcrumb, token_count, page_start, page_end, line_start, line_end, heading))
                INSERT INTO {_schema.Table("chunks")} (document_key, chunk_index, text, breadcrumb, token_count, page_start, page_end, line_start, line_end, search, term_count)
                SELECT $1, chunk_index, text, breadcrumb, token_count, page_start, page_end, line_start, line_end, search,
                       (SELECT coalesce(sum(cardinality(l.positions)), 0) FROM unnest(search) AS l)
                FROM input
                RETURNING chunk_index, chunk_key
                """,
                documentKey,
                chunks.Select(c => c.Index).ToArray(),
                chunks.Select(c => c.Text).ToArray(),
                chunks.Select(c => c.Breadcrumb).ToArray(),
                chunks.Select(c => c.TokenCount).ToArray(),
                IntArray(chunks.Select(c => c.PageStart)),
                IntArray(chunks.Select(c => c.PageEnd)),
                IntArray(chunks.Select(c => c.LineStart)),
                IntArray(chunks.Select(c => c.LineEnd)),
                chunks.Select(c => SqliteDocumentStore.HeadingText(document.Title, c.Breadcrumb)).ToArray()));
            batch.BatchCommands.Add(Command(
                $"""
                INSERT INTO {_schema.Table("postings")} (term, chunk_key, text_frequency, heading_frequency, chunk_length)
                SELECT l.lexeme, c.chunk_key,
                       count(*) FILTER (WHERE p.weight <> 'A'),
                       count(*) FILTER (WHERE p.weight = 'A'),
                       c.term_count
                FROM {_schema.Table("chunks")} AS c
                     CROSS JOIN LATERAL unnest(c.search) AS l
                     CROSS JOIN LATERAL unnest(l.positions, l.weights) AS p(position, weight)
                WHERE c.document_key = $1
                GROUP BY l.lexeme, c.chunk_key, c.term_count
                """,
                documentKey));
        }

        // The document's share of the corpus statistics BM25 needs (chunk count and total length), and its change
        // added to the corpus counters (every CTE reads the snapshot before the update, so "old" is the previous share).
        batch.BatchCommands.Add(Command(
            $"""
            WITH fresh AS (SELECT count(*)::int AS n, coalesce(sum(term_count), 0)::bigint AS total FROM {_schema.Table("chunks")} WHERE document_key = $1),
                 old AS (SELECT chunk_count, term_total FROM {_schema.Table("documents")} WHERE doc_key = $1),
                 updated AS (UPDATE {_schema.Table("documents")} d SET chunk_count = fresh.n, term_total = fresh.total FROM fresh WHERE d.doc_key = $1)
            {_schema.AddToCorpusStats($"SELECT $1 % {PostgresSchema.StatsSlots}, fresh.n - old.chunk_count, fresh.total - old.term_total FROM fresh, old")}
            """,
            documentKey));

        var keys = new Dictionary<int, long>(chunks.Count);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            do
            {
                while (reader.FieldCount == 2 && reader.GetName(0) == "chunk_index" && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys[reader.GetInt32(0)] = reader.GetInt64(1);
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }

        return chunks.Select(c => keys[c.Index]).ToList();
    }

    private static NpgsqlParameter IntArray(IEnumerable<int?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer };

    private async Task InsertVectorsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<long> keys, Vector[] vectors, CancellationToken cancellationToken)
    {
        // Binary COPY: one round trip and no SQL text per vector.
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {_schema.Table("vectors")} (chunk_key, embedding) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < keys.Count; i++)
        {
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(keys[i], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(vectors[i], "vector", cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> DeleteWhereAsync(string column, string value, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // The removed documents' shares leave the corpus counters in the same statement; counter rows are taken in
        // slot order, so two deletes of several documents cannot deadlock on them.
        await using var command = new NpgsqlCommand(
            $"""
            WITH gone AS (DELETE FROM {_schema.Table("documents")} WHERE {column} = $1 RETURNING doc_key, chunk_count, term_total),
                 counted AS ({_schema.AddToCorpusStats($"SELECT doc_key % {PostgresSchema.StatsSlots}, -sum(chunk_count), -sum(term_total) FROM gone GROUP BY 1 ORDER BY 1")})
            SELECT count(*)::int FROM gone
            """,
            connection);
        command.Parameters.AddWithValue(value);
        int count = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        PostgresStoreLog.DocumentsDeleted(_logger, count);
        return count;
    }
}
