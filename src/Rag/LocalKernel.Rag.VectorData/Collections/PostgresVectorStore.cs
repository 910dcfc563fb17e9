using System.Runtime.CompilerServices;
using LocalKernel.Rag.PostgreSql;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// A Microsoft.Extensions.VectorData store in a PostgreSQL database with pgvector: collections of the application's own
/// records (see <see cref="SqlVectorStoreCollection{TKey, TRecord}"/>), each a table in one schema (default
/// "localkernel_vectors"), vectors in pgvector columns with HNSW indexes, keyword search by BM25 from a postings table.
/// </summary>
/// <remarks>Thread-safe; connections are pooled by Npgsql. Dispose the store to close its pool.</remarks>
public sealed class PostgresVectorStore : VectorStore
{
    private readonly PostgresDialect _dialect;
    private readonly SqlVectorStoreOptions _options;

    /// <summary>Opens (lazily: the first operation connects) the store in a PostgreSQL database.</summary>
    /// <param name="connectionString">"Host=…;Database=…" or a postgres:// URI; the pgvector extension must be installed on the server.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">The schema or text search configuration is not a plain identifier.</exception>
    public PostgresVectorStore(string connectionString, SqlVectorStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _options = options ?? new SqlVectorStoreOptions();
        _dialect = new PostgresDialect(PostgresConnectionString.Normalize(connectionString), _options.SchemaOrDefault, _options.TextSearchConfigurationOrDefault);
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

    /// <summary>Closes the store's connection pool.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dialect.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
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
