using System.Data;
using Npgsql;
using Pgvector;

namespace LocalKernel.Rag.PostgreSql;

// The read side: documents, chunks and vectors, each read in one statement (one snapshot).
public sealed partial class PostgresDocumentStore
{
    /// <inheritdoc />
    public async Task<StoredDocument?> GetDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        var documents = await ReadDocumentsAsync("WHERE d.id = $1", documentId, cancellationToken).ConfigureAwait(false);
        return documents.Count > 0 ? documents[0] : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken = default) =>
        await ReadDocumentsAsync(string.Empty, null, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"{ChunkColumns} WHERE d.id = $1 ORDER BY c.chunk_index", connection);
        command.Parameters.AddWithValue(documentId);
        var chunks = new List<StoredChunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chunks.Add(ReadChunk(reader));
        }

        return chunks;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, ReadOnlyMemory<float>>> GetVectorsAsync(IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunkKeys);
        var vectors = new Dictionary<long, ReadOnlyMemory<float>>();
        if (chunkKeys.Count == 0 || EmbeddingModel is null)
        {
            return vectors;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT chunk_key, embedding FROM {_schema.Table("vectors")} WHERE chunk_key = ANY($1)", connection);
        command.Parameters.AddWithValue(chunkKeys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            vectors[reader.GetInt64(0)] = reader.GetFieldValue<Vector>(1).Memory;
        }

        return vectors;
    }

    /// <inheritdoc />
    public async Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var vectors = EmbeddingModel is null ? "0" : $"(SELECT count(*) FROM {_schema.Table("vectors")})";
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT (SELECT count(*) FROM {_schema.Table("documents")}), (SELECT count(*) FROM {_schema.Table("chunks")}), {vectors}",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new StoreStatistics((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
    }

    private string ChunkColumns => ChunkColumnsAnd(string.Empty);

    /// <summary>The chunk columns <see cref="ReadChunk"/> reads, then <paramref name="extra"/> (", s.score").</summary>
    private string ChunkColumnsAnd(string extra) => $"""
        SELECT c.chunk_key, d.id, d.source_path, d.title, c.chunk_index, c.text, c.breadcrumb, c.token_count,
               c.page_start, c.page_end, c.line_start, c.line_end{extra}
        FROM {_schema.Table("chunks")} c JOIN {_schema.Table("documents")} d ON d.doc_key = c.document_key
        """;

    private async Task<List<StoredDocument>> ReadDocumentsAsync(string where, string? id, CancellationToken cancellationToken)
    {
        // One statement, so a document, its tags and its counts come from one snapshot.
        var vectorCount = EmbeddingModel is null
            ? "0"
            : $"(SELECT count(*) FROM {_schema.Table("chunks")} c JOIN {_schema.Table("vectors")} v ON v.chunk_key = c.chunk_key WHERE c.document_key = d.doc_key)";
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            SELECT d.id, d.source_path, d.content_type, d.content_hash, d.title, d.created_at, d.updated_at,
                   (SELECT count(*) FROM {_schema.Table("chunks")} c WHERE c.document_key = d.doc_key),
                   {vectorCount},
                   coalesce((SELECT array_agg(t.tag_key ORDER BY t.tag_key COLLATE "C", t.tag_value COLLATE "C") FROM {_schema.Table("document_tags")} t WHERE t.document_key = d.doc_key), ARRAY[]::text[]),
                   coalesce((SELECT array_agg(t.tag_value ORDER BY t.tag_key COLLATE "C", t.tag_value COLLATE "C") FROM {_schema.Table("document_tags")} t WHERE t.document_key = d.doc_key), ARRAY[]::text[])
            FROM {_schema.Table("documents")} d
            {where}
            ORDER BY d.id COLLATE "C"
            """, connection);
        if (id is not null)
        {
            command.Parameters.AddWithValue(id);
        }

        var documents = new List<StoredDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var keys = reader.GetFieldValue<string[]>(9);
            var values = reader.GetFieldValue<string[]>(10);
            documents.Add(new StoredDocument(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                keys.Zip(values, (k, v) => new DocumentTag(k, v)).ToList(),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                (int)reader.GetInt64(7),
                (int)Convert.ToInt64(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return documents;
    }

    private static StoredChunk ReadChunk(IDataRecord reader) => StoreRows.ReadChunk(reader);
}
