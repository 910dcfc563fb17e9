using LocalKernel.Rag.PostgreSql;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// A Microsoft.Extensions.VectorData store in a PostgreSQL database with pgvector: collections of the application's own
/// records (see <see cref="SqlVectorStoreCollection{TKey, TRecord}"/>), each a table in one schema (default
/// "localkernel_vectors"), vectors in pgvector columns with HNSW indexes, keyword search by BM25 from a postings table.
/// </summary>
/// <remarks>Thread-safe; connections are pooled by Npgsql. Dispose the store to close its pool.</remarks>
public sealed class PostgresVectorStore : SqlVectorStore
{
    private readonly PostgresDialect _dialect;

    /// <summary>Opens (lazily: the first operation connects) the store in a PostgreSQL database.</summary>
    /// <param name="connectionString">"Host=…;Database=…" or a postgres:// URI; the pgvector extension must be installed on the server.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">The schema or text search configuration is not a plain identifier.</exception>
    public PostgresVectorStore(string connectionString, SqlVectorStoreOptions? options = null)
        : this(CreateDialect(connectionString, options ?? new SqlVectorStoreOptions()), options)
    {
    }

    private PostgresVectorStore(PostgresDialect dialect, SqlVectorStoreOptions? options)
        : base(dialect, options)
    {
        _dialect = dialect;
    }

    /// <summary>Closes the store's connection pool.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dialect.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private static PostgresDialect CreateDialect(string connectionString, SqlVectorStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new PostgresDialect(PostgresConnectionString.Normalize(connectionString), options.SchemaOrDefault, options.TextSearchConfigurationOrDefault);
    }
}
