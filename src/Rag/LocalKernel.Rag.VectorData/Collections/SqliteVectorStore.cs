using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// A Microsoft.Extensions.VectorData store in a SQLite file: collections of the application's own records (see
/// <see cref="SqlVectorStoreCollection{TKey, TRecord}"/>), each a table prefixed "vd_", so the file may also hold a
/// LocalKernel document store. Vector search is exact (a scan scored in SQL); keyword search uses FTS5's BM25.
/// </summary>
/// <remarks>Thread-safe; connections are pooled by Microsoft.Data.Sqlite.</remarks>
public sealed class SqliteVectorStore : VectorStore
{
    private readonly SqliteDialect _dialect;
    private readonly SqlVectorStoreOptions _options;

    /// <summary>Opens (lazily) the store in a SQLite file.</summary>
    /// <param name="pathOrConnectionString">A file path, or a Microsoft.Data.Sqlite connection string ("Data Source=…").</param>
    /// <param name="options">Options; null for the defaults.</param>
    public SqliteVectorStore(string pathOrConnectionString, SqlVectorStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrConnectionString);
        var connectionString = pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? pathOrConnectionString
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString, Pooling = true }.ToString();
        _dialect = new SqliteDialect(connectionString);
        _options = options ?? new SqlVectorStoreOptions();
    }

    /// <summary>The collection <paramref name="name"/> of <typeparamref name="TRecord"/>; it is created by <c>EnsureCollectionExistsAsync</c>.</summary>
    /// <exception cref="ArgumentException">The name is not a collection name (ASCII letters, digits, '_', '-'; up to 40).</exception>
    /// <exception cref="InvalidOperationException">The record type or definition is not one the store can keep.</exception>
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null) =>
        new SqlVectorStoreCollection<TKey, TRecord>(_dialect, name, new RecordModelBuilder().Build(typeof(TRecord), typeof(TKey), definition, _options.EmbeddingGenerator));

    /// <summary>A collection of records as dictionaries, shaped by <paramref name="definition"/>.</summary>
    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        new SqlVectorStoreCollection<object, Dictionary<string, object?>>(_dialect, name, new RecordModelBuilder().BuildDynamic(definition, _options.EmbeddingGenerator));

    /// <inheritdoc />
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in await _dialect.ListCollectionsAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            yield return name;
        }
    }

    /// <inheritdoc />
    public override async Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await _dialect.CollectionExistsAsync(connection, name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        SqlDialect.CheckCollectionName(name);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await _dialect.DeleteCollectionAsync(connection, transaction, name, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = _dialect.SystemName }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }
}
