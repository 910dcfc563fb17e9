using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag;

// The write side: one transaction per document, and the in-memory matrix updated at its commit.
public sealed partial class SqliteDocumentStore
{
    private float[][]? PrepareVectors(IReadOnlyList<Embedding<float>>? embeddings, int chunkCount) =>
        StoreRows.PrepareVectors(embeddings, chunkCount, EmbeddingModel, $"'{Path}'");

    private static float[] Normalize(ReadOnlySpan<float> vector) => StoreRows.Normalize(vector);

    private long? FindDocumentKey(SqliteTransaction transaction, string documentId)
    {
        using var command = Command(transaction, "SELECT doc_key FROM documents WHERE id = $id");
        command.Parameters.AddWithValue("$id", documentId);
        return command.ExecuteScalar() is long key ? key : null;
    }

    /// <summary>Deletes a document's chunks, keyword rows and vectors; returns the removed chunk keys.</summary>
    private List<long> DeleteChunks(SqliteTransaction transaction, long documentKey)
    {
        var keys = new List<long>();
        using (var select = Command(transaction, "SELECT chunk_key FROM chunks WHERE document_key = $doc"))
        {
            select.Parameters.AddWithValue("$doc", documentKey);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(reader.GetInt64(0));
            }
        }

        using var delete = Command(transaction, """
            DELETE FROM chunks_fts WHERE rowid IN (SELECT chunk_key FROM chunks WHERE document_key = $doc);
            DELETE FROM vectors WHERE chunk_key IN (SELECT chunk_key FROM chunks WHERE document_key = $doc);
            DELETE FROM chunks WHERE document_key = $doc;
            DELETE FROM document_tags WHERE document_key = $doc;
            """);
        delete.Parameters.AddWithValue("$doc", documentKey);
        delete.ExecuteNonQuery();
        return keys;
    }

    private long WriteDocumentRow(SqliteTransaction transaction, DocumentRecord document, long? existing, long now)
    {
        using var command = Command(transaction, existing is null
            ? """
              INSERT INTO documents (id, source_path, content_type, content_hash, title, created_at, updated_at)
              VALUES ($id, $path, $type, $hash, $title, $now, $now) RETURNING doc_key
              """
            : """
              UPDATE documents SET source_path = $path, content_type = $type, content_hash = $hash, title = $title, updated_at = $now
              WHERE doc_key = $key RETURNING doc_key
              """);
        command.Parameters.AddWithValue("$id", document.Id);
        command.Parameters.AddWithValue("$key", existing ?? 0);
        command.Parameters.AddWithValue("$path", document.SourcePath);
        command.Parameters.AddWithValue("$type", document.ContentType);
        command.Parameters.AddWithValue("$hash", document.ContentHash);
        command.Parameters.AddWithValue("$title", (object?)document.Title ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", now);
        long documentKey = (long)command.ExecuteScalar()!;

        if (document.Tags is { Count: > 0 } tags)
        {
            using var tag = Command(transaction, "INSERT OR IGNORE INTO document_tags (document_key, tag_key, tag_value) VALUES ($doc, $key, $value)");
            var key = tag.Parameters.Add("$key", SqliteType.Text);
            var value = tag.Parameters.Add("$value", SqliteType.Text);
            tag.Parameters.AddWithValue("$doc", documentKey);
            foreach (var t in tags)
            {
                key.Value = t.Key ?? throw new ArgumentException("A tag has no key.", nameof(document));
                value.Value = t.Value ?? throw new ArgumentException($"Tag '{t.Key}' has no value.", nameof(document));
                tag.ExecuteNonQuery();
            }
        }

        return documentKey;
    }

    private List<long> InsertChunks(SqliteTransaction transaction, long documentKey, string? title, IReadOnlyList<DocumentChunk> chunks, float[][]? vectors, CancellationToken cancellationToken)
    {
        using var chunk = Command(transaction, """
            INSERT INTO chunks (document_key, chunk_index, text, breadcrumb, token_count, page_start, page_end, line_start, line_end)
            VALUES ($doc, $index, $text, $breadcrumb, $tokens, $pageStart, $pageEnd, $lineStart, $lineEnd) RETURNING chunk_key
            """);
        chunk.Parameters.AddWithValue("$doc", documentKey);
        var index = chunk.Parameters.Add("$index", SqliteType.Integer);
        var text = chunk.Parameters.Add("$text", SqliteType.Text);
        var breadcrumb = chunk.Parameters.Add("$breadcrumb", SqliteType.Text);
        var tokens = chunk.Parameters.Add("$tokens", SqliteType.Integer);
        var pageStart = chunk.Parameters.Add("$pageStart", SqliteType.Integer);
        var pageEnd = chunk.Parameters.Add("$pageEnd", SqliteType.Integer);
        var lineStart = chunk.Parameters.Add("$lineStart", SqliteType.Integer);
        var lineEnd = chunk.Parameters.Add("$lineEnd", SqliteType.Integer);

        using var fts = Command(transaction, "INSERT INTO chunks_fts (rowid, text, heading) VALUES ($key, $text, $heading)");
        var ftsKey = fts.Parameters.Add("$key", SqliteType.Integer);
        var ftsText = fts.Parameters.Add("$text", SqliteType.Text);
        var ftsHeading = fts.Parameters.Add("$heading", SqliteType.Text);

        using var vector = Command(transaction, "INSERT INTO vectors (chunk_key, embedding) VALUES ($key, $embedding)");
        var vectorKey = vector.Parameters.Add("$key", SqliteType.Integer);
        var embedding = vector.Parameters.Add("$embedding", SqliteType.Blob);

        var keys = new List<long>(chunks.Count);
        for (int i = 0; i < chunks.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var c = chunks[i];
            index.Value = c.Index;
            text.Value = c.Text;
            breadcrumb.Value = c.Breadcrumb;
            tokens.Value = c.TokenCount;
            pageStart.Value = (object?)c.PageStart ?? DBNull.Value;
            pageEnd.Value = (object?)c.PageEnd ?? DBNull.Value;
            lineStart.Value = (object?)c.LineStart ?? DBNull.Value;
            lineEnd.Value = (object?)c.LineEnd ?? DBNull.Value;
            long key = (long)chunk.ExecuteScalar()!;
            keys.Add(key);

            ftsKey.Value = key;
            ftsText.Value = _analyzer.IndexText(c.Text);
            ftsHeading.Value = _analyzer.IndexText(HeadingText(title, c.Breadcrumb));
            fts.ExecuteNonQuery();

            if (vectors is not null)
            {
                vectorKey.Value = key;
                embedding.Value = MemoryMarshal.AsBytes(vectors[i].AsSpan()).ToArray();
                vector.ExecuteNonQuery();
            }
        }

        return keys;
    }

    /// <summary>The keyword-indexed heading of a chunk: the document title, then the breadcrumb unless it repeats the title.</summary>
    internal static string HeadingText(string? title, string breadcrumb)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return breadcrumb;
        }

        return breadcrumb.StartsWith(title, StringComparison.OrdinalIgnoreCase) ? breadcrumb : $"{title} › {breadcrumb}".TrimEnd(' ', '›');
    }

    private void CommitAndApply(SqliteTransaction transaction, List<long> removed, long documentKey, List<long> added, float[][]? vectors)
    {
        // The matrix lock spans the commit so a search never sees the new rows in SQL and the old ones in memory.
        _matrixLock.EnterWriteLock();
        try
        {
            transaction.Commit();
            if (_matrix is { } matrix)
            {
                foreach (var key in removed)
                {
                    matrix.Remove(key);
                }

                for (int i = 0; vectors is not null && i < added.Count; i++)
                {
                    matrix.Add(added[i], documentKey, vectors[i]);
                }
            }
        }
        finally
        {
            _matrixLock.ExitWriteLock();
        }
    }

    private async Task<int> DeleteWhereAsync(string column, string value, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            var documents = new List<long>();
            using (var select = Command(transaction, $"SELECT doc_key FROM documents WHERE {column} = $value"))
            {
                select.Parameters.AddWithValue("$value", value);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    documents.Add(reader.GetInt64(0));
                }
            }

            var removed = new List<long>();
            foreach (var key in documents)
            {
                removed.AddRange(DeleteChunks(transaction, key));
                using var delete = Command(transaction, "DELETE FROM documents WHERE doc_key = $doc");
                delete.Parameters.AddWithValue("$doc", key);
                delete.ExecuteNonQuery();
            }

            CommitAndApply(transaction, removed, 0, [], null);
            StoreLog.DocumentsDeleted(_logger, documents.Count);
            return documents.Count;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
