using System.Globalization;
using Npgsql;

namespace LocalKernel.Rag.PostgreSql;

// The bulk path and index maintenance: an HNSW index maintained row by row is the slow part of loading many vectors
// (each insert walks the graph); building it once over the loaded table is several times faster, as pgvector's
// documentation advises. Vacuuming after a load lets keyword search read postings from the index alone.
public sealed partial class PostgresDocumentStore
{
    /// <summary>
    /// Loads many documents: drops the vector index, writes each document as <see cref="UpsertDocumentAsync"/> does
    /// (one transaction each, vectors by binary COPY), then builds the HNSW index once over everything.
    /// </summary>
    /// <param name="documents">The documents to write.</param>
    /// <param name="maintenanceWorkMemory">PostgreSQL's <c>maintenance_work_mem</c> for the index build (e.g. "2GB");
    /// a graph that does not fit builds much more slowly. Null keeps the server's setting.</param>
    /// <param name="cancellationToken">Cancels the load; the index is rebuilt only when the load completes.</param>
    /// <returns>The number of documents written.</returns>
    /// <exception cref="ArgumentException"><paramref name="maintenanceWorkMemory"/> is not a size such as "512MB" (nothing is written).</exception>
    /// <remarks>
    /// Meant for an initial load or a maintenance window: while it runs, vector searches by other handles fall back
    /// to exact (sequential) search, which is correct but slow. If the load fails the index stays dropped until a
    /// later import or <see cref="RebuildVectorIndexAsync"/> completes.
    /// </remarks>
    public async Task<int> ImportAsync(IEnumerable<DocumentImport> documents, string? maintenanceWorkMemory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ValidateMemorySize(maintenanceWorkMemory);   // before the load, not after it
        bool indexed = HasVectorIndex;
        if (indexed)
        {
            await DropVectorIndexAsync(cancellationToken).ConfigureAwait(false);
        }

        int count = 0;
        foreach (var import in documents)
        {
            ArgumentNullException.ThrowIfNull(import);
            await UpsertDocumentAsync(import.Document, import.Chunks, import.Embeddings, cancellationToken).ConfigureAwait(false);
            count++;
        }

        if (indexed)
        {
            await RebuildVectorIndexAsync(maintenanceWorkMemory, cancellationToken).ConfigureAwait(false);
        }

        await OptimizeAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>
    /// Vacuums and analyses the store's tables now rather than when autovacuum gets to them: keyword search reads a
    /// term's postings from the index alone only on pages marked all-visible (otherwise it visits one heap page per
    /// posting, several times slower), and the planner needs current statistics after a large load.
    /// <see cref="ImportAsync"/> ends with it; call it after writing many documents another way.
    /// </summary>
    /// <param name="cancellationToken">Cancels the maintenance; what was done stays done.</param>
    public async Task OptimizeAsync(CancellationToken cancellationToken = default)
    {
        // VACUUM cannot run in a transaction block: one statement, autocommit. Table names are the store's own.
        string tables = string.Join(", ", new[] { "documents", "document_tags", "chunks", "postings", "corpus_stats" }
            .Concat(EmbeddingModel is null ? [] : ["vectors"]).Select(_schema.Table));
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"VACUUM (ANALYZE) {tables}", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        PostgresStoreLog.Optimized(_logger, Description);
    }

    /// <summary>
    /// Drops the HNSW index and builds it again with this handle's <see cref="PostgresDocumentStoreOptions.HnswM"/> and
    /// <see cref="PostgresDocumentStoreOptions.HnswEfConstruction"/>: an index keeps the parameters it was built with,
    /// so this is how a grown store takes larger ones. Searches by other handles are exact (correct, slower) until it
    /// completes; writers wait while the index builds.
    /// </summary>
    /// <param name="maintenanceWorkMemory">PostgreSQL's <c>maintenance_work_mem</c> for the build, e.g. "2GB"; null keeps the server's.</param>
    /// <param name="cancellationToken">Cancels the build; <see cref="RebuildVectorIndexAsync"/> builds the missing index later.</param>
    /// <exception cref="ArgumentException"><paramref name="maintenanceWorkMemory"/> is not a size such as "512MB" (the index is left as it was).</exception>
    public async Task ReplaceVectorIndexAsync(string? maintenanceWorkMemory = null, CancellationToken cancellationToken = default)
    {
        ValidateMemorySize(maintenanceWorkMemory);
        if (!HasVectorIndex)
        {
            return;
        }

        await DropVectorIndexAsync(cancellationToken).ConfigureAwait(false);
        await RebuildVectorIndexAsync(maintenanceWorkMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the store keeps an HNSW index over its vectors: it has some, of a size pgvector indexes.</summary>
    private bool HasVectorIndex => EmbeddingModel is { } model && model.Dimensions <= PostgresSchema.MaxIndexedDimensions;

    private static void ValidateMemorySize(string? maintenanceWorkMemory)
    {
        if (maintenanceWorkMemory is not null && !System.Text.RegularExpressions.Regex.IsMatch(maintenanceWorkMemory, "^[0-9]{1,6}(kB|MB|GB)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant))
        {
            throw new ArgumentException($"'{maintenanceWorkMemory}' is not a memory size such as \"512MB\" or \"2GB\".", nameof(maintenanceWorkMemory));
        }
    }

    // In its own short transaction: a drop inside the build's transaction would hold an exclusive lock on the vectors,
    // blocking every search, for as long as the build takes.
    private async Task DropVectorIndexAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresSchema.ExecuteAsync(connection, null, $"DROP INDEX IF EXISTS {_schema.Table("vectors_hnsw")}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the HNSW index over the stored vectors when it is missing (after an interrupted <see cref="ImportAsync"/>).</summary>
    /// <param name="maintenanceWorkMemory">PostgreSQL's <c>maintenance_work_mem</c> for the build, e.g. "2GB"; null keeps the server's.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <exception cref="ArgumentException"><paramref name="maintenanceWorkMemory"/> is not a size such as "512MB".</exception>
    public async Task RebuildVectorIndexAsync(string? maintenanceWorkMemory = null, CancellationToken cancellationToken = default)
    {
        if (!HasVectorIndex)
        {
            return;
        }

        ValidateMemorySize(maintenanceWorkMemory);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (maintenanceWorkMemory is not null)
        {
            await PostgresSchema.ExecuteAsync(connection, transaction, $"SET LOCAL maintenance_work_mem = '{maintenanceWorkMemory}'", cancellationToken).ConfigureAwait(false);
        }

        // The build may take minutes on millions of vectors: no statement timeout for it.
        await PostgresSchema.ExecuteAsync(connection, transaction, "SET LOCAL statement_timeout = 0", cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(PostgresSchema.VectorIndexSql(_schema, _options), connection, transaction) { CommandTimeout = 0 })
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        PostgresStoreLog.VectorIndexBuilt(_logger, Description);
    }
}
