using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// What <see cref="SqliteVectorStore"/> and <see cref="PostgresVectorStore"/> share: collections of the application's own
/// records over a SQL dialect, and the collection registry (list, exists, delete). The engines differ only in their dialect.
/// </summary>
public abstract class SqlVectorStore : VectorStore
{
    private readonly SqlDialect _dialect;
    private readonly SqlVectorStoreOptions _options;

    private protected SqlVectorStore(SqlDialect dialect, SqlVectorStoreOptions? options)
    {
        _dialect = dialect;
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
