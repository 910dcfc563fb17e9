using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// A Microsoft.Extensions.VectorData store in a SQLite file: collections of the application's own records (see
/// <see cref="SqlVectorStoreCollection{TKey, TRecord}"/>), each a table prefixed "vd_", so the file may also hold a
/// LocalKernel document store. Vector search is exact (a scan scored in SQL); keyword search uses FTS5's BM25.
/// </summary>
/// <remarks>Thread-safe; connections are pooled by Microsoft.Data.Sqlite.</remarks>
public sealed class SqliteVectorStore : SqlVectorStore
{
    /// <summary>Opens (lazily) the store in a SQLite file.</summary>
    /// <param name="pathOrConnectionString">A file path, or a Microsoft.Data.Sqlite connection string ("Data Source=…").</param>
    /// <param name="options">Options; null for the defaults.</param>
    public SqliteVectorStore(string pathOrConnectionString, SqlVectorStoreOptions? options = null)
        : base(new SqliteDialect(ConnectionString(pathOrConnectionString)), options)
    {
    }

    private static string ConnectionString(string pathOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrConnectionString);
        return pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? pathOrConnectionString
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString, Pooling = true }.ToString();
    }
}
