using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace LocalKernel.Rag;

// Keyword search through FTS5's bm25(), and exact vector search over the in-memory matrix.
public sealed partial class SqliteDocumentStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ChunkMatch>> SearchKeywordsAsync(string query, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        if (top <= 0)
        {
            return Task.FromResult<IReadOnlyList<ChunkMatch>>([]);
        }

        using var lease = _readers.Rent();
        var connection = lease.Connection;
        using var transaction = connection.BeginTransaction(deferred: true);
        var match = Fts5Query.Expression(Fts5Query.Terms(query, !_options.KeepQueryStopWords, !_options.NoPrefixFallback, _analyzer, connection, transaction));
        if (match is null)
        {
            return Task.FromResult<IReadOnlyList<ChunkMatch>>([]);
        }

        var scores = new Dictionary<long, double>();
        var keys = new List<long>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            var weight = _options.HeadingWeightOrDefault.ToString("R", CultureInfo.InvariantCulture);
            var restriction = filter is null || filter.IsEmpty
                ? string.Empty
                : $" AND rowid IN (SELECT chunk_key FROM chunks WHERE document_key IN ({FilterSql(filter, command)}))";

            // bm25() is negative (lower is better); negated it reads as an ordinary BM25 score.
            command.CommandText = $"SELECT rowid, -bm25(chunks_fts, 1.0, {weight}) AS score FROM chunks_fts WHERE chunks_fts MATCH $match{restriction} ORDER BY score DESC LIMIT $top";
            command.Parameters.AddWithValue("$match", match);
            command.Parameters.AddWithValue("$top", top);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                long key = reader.GetInt64(0);
                keys.Add(key);
                scores[key] = reader.GetDouble(1);
            }
        }

        var chunks = ReadChunks(connection, transaction, keys);
        transaction.Commit();
        return Task.FromResult<IReadOnlyList<ChunkMatch>>(chunks.Select(c => new ChunkMatch(c, scores[c.Key])).ToList());
    }

    /// <inheritdoc />
    public Task<KeywordStatistics> GetKeywordStatisticsAsync(string query, IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(chunkKeys);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = _readers.Rent();
        var connection = lease.Connection;
        using var transaction = connection.BeginTransaction(deferred: true);
        int chunkCount = Convert.ToInt32(SqliteSchema.Scalar(connection, "SELECT count(*) FROM chunks", transaction), CultureInfo.InvariantCulture);
        var keysJson = System.Text.Json.JsonSerializer.Serialize(chunkKeys);
        var terms = new List<KeywordTermStatistics>();
        foreach (var term in Fts5Query.Terms(query, !_options.KeepQueryStopWords, !_options.NoPrefixFallback, _analyzer, connection, transaction))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var count = connection.CreateCommand();
            count.Transaction = transaction;
            count.CommandText = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH $match";
            count.Parameters.AddWithValue("$match", term.MatchExpression);
            int frequency = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);

            var foundIn = new HashSet<long>();
            if (frequency > 0 && chunkKeys.Count > 0)
            {
                using var find = connection.CreateCommand();
                find.Transaction = transaction;
                find.CommandText = "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH $match AND rowid IN (SELECT value FROM json_each($keys))";
                find.Parameters.AddWithValue("$match", term.MatchExpression);
                find.Parameters.AddWithValue("$keys", keysJson);
                using var reader = find.ExecuteReader();
                while (reader.Read())
                {
                    foundIn.Add(reader.GetInt64(0));
                }
            }

            terms.Add(new KeywordTermStatistics(term.Word, term.Prefix is null ? term.IndexTerm : term.Prefix + "*", frequency, chunkCount, foundIn));
        }

        transaction.Commit();
        return Task.FromResult(new KeywordStatistics(chunkCount, terms));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChunkMatch>> SearchVectorsAsync(ReadOnlyMemory<float> queryVector, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var model = EmbeddingModel ?? throw new InvalidOperationException($"The store '{Path}' has no embedding model, so it holds no vectors to search.");
        if (queryVector.Length != model.Dimensions)
        {
            throw new ArgumentException($"The query vector has {queryVector.Length} dimensions; the store's model {model.Name} has {model.Dimensions}.", nameof(queryVector));
        }

        if (top <= 0)
        {
            return [];
        }

        var query = Normalize(queryVector.Span);
        await EnsureMatrixCurrentAsync(model, cancellationToken).ConfigureAwait(false);

        using var lease = _readers.Rent();
        var connection = lease.Connection;
        HashSet<long>? allowed = null;
        if (filter is not null && !filter.IsEmpty)
        {
            allowed = [];
            using var command = connection.CreateCommand();
            command.CommandText = FilterSql(filter, command);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                allowed.Add(reader.GetInt64(0));
            }
        }

        (long ChunkKey, float Score)[] hits;
        _matrixLock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_matrix is null, this);
            hits = _matrix.Search(query, top, allowed, _options.SearchParallelismOrDefault);
        }
        finally
        {
            _matrixLock.ExitReadLock();
        }

        var scores = hits.ToDictionary(h => h.ChunkKey, h => (double)h.Score);
        var chunks = ReadChunks(connection, null, hits.Select(h => h.ChunkKey).ToList());
        return chunks.Select(c => new ChunkMatch(c, scores[c.Key])).ToList();
    }

    /// <summary>
    /// Loads the matrix on first use, and reloads it when another connection (another process) changed
    /// the file: SQLite's data_version moves only for commits made through other connections, and all
    /// of this store's own writes go through <see cref="_writer"/>, which already updates the matrix.
    /// </summary>
    private async Task EnsureMatrixCurrentAsync(EmbeddingModelInfo model, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long version = (long)SqliteSchema.Scalar(_writer, "PRAGMA data_version")!;
            if (_matrix is not null && version == _matrixDataVersion)
            {
                return;
            }

            bool reload = _matrix is not null;
            var stopwatch = Stopwatch.StartNew();
            var matrix = LoadMatrix(model, cancellationToken);
            _matrixLock.EnterWriteLock();
            try
            {
                _matrix = matrix;
                _matrixDataVersion = version;
            }
            finally
            {
                _matrixLock.ExitWriteLock();
            }

            StoreLog.VectorsLoaded(_logger, matrix.Count, stopwatch.ElapsedMilliseconds, reload);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private VectorMatrix LoadMatrix(EmbeddingModelInfo model, CancellationToken cancellationToken)
    {
        var matrix = new VectorMatrix(model.Dimensions);
        using var transaction = _writer.BeginTransaction(deferred: true);
        matrix.EnsureCapacity(Convert.ToInt32(SqliteSchema.Scalar(_writer, "SELECT count(*) FROM vectors", transaction), CultureInfo.InvariantCulture));
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT v.chunk_key, c.document_key, v.embedding FROM vectors v JOIN chunks c ON c.chunk_key = v.chunk_key";
        using var reader = command.ExecuteReader();
        var buffer = new byte[model.Dimensions * sizeof(float)];
        int rows = 0;
        while (reader.Read())
        {
            if ((++rows & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            long length = reader.GetBytes(2, 0, null, 0, 0);
            if (length != buffer.Length)
            {
                throw new InvalidDataException($"The store '{Path}' holds a vector of {length} bytes where {model.Dimensions} dimensions need {buffer.Length}.");
            }

            reader.GetBytes(2, 0, buffer, 0, buffer.Length);
            matrix.Add(reader.GetInt64(0), reader.GetInt64(1), MemoryMarshal.Cast<byte, float>(buffer));
        }

        transaction.Commit();
        return matrix;
    }
}
