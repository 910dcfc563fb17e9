using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LocalKernel.Rag;

// The read side: documents, chunks and vectors by key, each read in one snapshot.
public sealed partial class SqliteDocumentStore
{
    private const string ChunkColumns = """
        SELECT c.chunk_key, d.id, d.source_path, d.title, c.chunk_index, c.text, c.breadcrumb, c.token_count,
               c.page_start, c.page_end, c.line_start, c.line_end
        FROM chunks c JOIN documents d ON d.doc_key = c.document_key
        """;

    private const string DocumentColumns = """
        SELECT d.doc_key, d.id, d.source_path, d.content_type, d.content_hash, d.title, d.created_at, d.updated_at,
               (SELECT count(*) FROM chunks c WHERE c.document_key = d.doc_key),
               (SELECT count(*) FROM chunks c JOIN vectors v ON v.chunk_key = c.chunk_key WHERE c.document_key = d.doc_key)
        FROM documents d
        """;

    /// <inheritdoc />
    public Task<StoredDocument?> GetDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        cancellationToken.ThrowIfCancellationRequested();
        var documents = ReadDocuments(" WHERE d.id = $id", documentId);
        return Task.FromResult(documents.Count > 0 ? documents[0] : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<StoredDocument>>(ReadDocuments(string.Empty, null));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = _readers.Rent();
        using var command = lease.Connection.CreateCommand();
        command.CommandText = ChunkColumns + " WHERE d.id = $id ORDER BY c.chunk_index";
        command.Parameters.AddWithValue("$id", documentId);
        using var reader = command.ExecuteReader();
        var chunks = new List<StoredChunk>();
        while (reader.Read())
        {
            chunks.Add(ReadChunk(reader));
        }

        return Task.FromResult<IReadOnlyList<StoredChunk>>(chunks);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<long, ReadOnlyMemory<float>>> GetVectorsAsync(IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunkKeys);
        cancellationToken.ThrowIfCancellationRequested();
        var vectors = new Dictionary<long, ReadOnlyMemory<float>>();
        if (chunkKeys.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<long, ReadOnlyMemory<float>>>(vectors);
        }

        using var lease = _readers.Rent();
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "SELECT chunk_key, embedding FROM vectors WHERE chunk_key IN (SELECT value FROM json_each($keys))";
        command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(chunkKeys));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(1);
            vectors[reader.GetInt64(0)] = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        }

        return Task.FromResult<IReadOnlyDictionary<long, ReadOnlyMemory<float>>>(vectors);
    }

    /// <inheritdoc />
    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = _readers.Rent();
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM chunks), (SELECT count(*) FROM vectors)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new StoreStatistics(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
    }

    private List<StoredDocument> ReadDocuments(string where, string? id)
    {
        using var lease = _readers.Rent();
        var connection = lease.Connection;

        // Documents and tags are read in one snapshot, so a concurrent write cannot pair a document with another version's tags.
        using var transaction = connection.BeginTransaction(deferred: true);
        var tags = new Dictionary<long, List<DocumentTag>>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = id is null
                ? "SELECT document_key, tag_key, tag_value FROM document_tags ORDER BY document_key, tag_key, tag_value"
                : "SELECT t.document_key, t.tag_key, t.tag_value FROM document_tags t JOIN documents d ON d.doc_key = t.document_key WHERE d.id = $id ORDER BY t.tag_key, t.tag_value";
            command.Parameters.AddWithValue("$id", (object?)id ?? DBNull.Value);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                long key = reader.GetInt64(0);
                if (!tags.TryGetValue(key, out var list))
                {
                    tags[key] = list = [];
                }

                list.Add(new DocumentTag(reader.GetString(1), reader.GetString(2)));
            }
        }

        var documents = new List<StoredDocument>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = DocumentColumns + where + " ORDER BY d.id";
            command.Parameters.AddWithValue("$id", (object?)id ?? DBNull.Value);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                documents.Add(new StoredDocument(
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    tags.TryGetValue(reader.GetInt64(0), out var list) ? list : [],
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                    reader.GetInt32(8),
                    reader.GetInt32(9)));
            }
        }

        transaction.Commit();
        return documents;
    }

    /// <summary>The chunks with these keys, in the order of the keys; keys no longer in the store are skipped.</summary>
    private static List<StoredChunk> ReadChunks(SqliteConnection connection, SqliteTransaction? transaction, IReadOnlyList<long> keys)
    {
        var byKey = new Dictionary<long, StoredChunk>(keys.Count);
        if (keys.Count > 0)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = ChunkColumns + " WHERE c.chunk_key IN (SELECT value FROM json_each($keys))";
            command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var chunk = ReadChunk(reader);
                byKey[chunk.Key] = chunk;
            }
        }

        var ordered = new List<StoredChunk>(keys.Count);
        foreach (var key in keys)
        {
            if (byKey.TryGetValue(key, out var chunk))
            {
                ordered.Add(chunk);
            }
        }

        return ordered;
    }

    private static StoredChunk ReadChunk(SqliteDataReader reader) => StoreRows.ReadChunk(reader);

    /// <summary>
    /// SQL selecting the keys of the documents a filter admits. Values travel as JSON arrays through
    /// <c>json_each</c>, so any number of ids or tags costs one parameter each and nothing is spliced into the SQL.
    /// </summary>
    private static string FilterSql(SearchFilter filter, SqliteCommand command)
    {
        var conditions = new List<string>();
        if (filter.DocumentIds is { } ids)
        {
            conditions.Add("d.id IN (SELECT value FROM json_each($filter_ids))");
            command.Parameters.AddWithValue("$filter_ids", JsonSerializer.Serialize(ids));
        }

        if (filter.Tags is { Count: > 0 } tags)
        {
            int i = 0;
            foreach (var group in tags.GroupBy(t => t.Key, StringComparer.Ordinal))
            {
                var key = "$tag_key" + i.ToString(CultureInfo.InvariantCulture);
                var values = "$tag_values" + i.ToString(CultureInfo.InvariantCulture);
                conditions.Add($"EXISTS (SELECT 1 FROM document_tags t WHERE t.document_key = d.doc_key AND t.tag_key = {key} AND t.tag_value IN (SELECT value FROM json_each({values})))");
                command.Parameters.AddWithValue(key, group.Key);
                command.Parameters.AddWithValue(values, JsonSerializer.Serialize(group.Select(t => t.Value).ToArray()));
                i++;
            }
        }

        return "SELECT d.doc_key FROM documents d WHERE " + (conditions.Count == 0 ? "1" : string.Join(" AND ", conditions));
    }
}
