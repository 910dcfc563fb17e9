using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// A Microsoft.Extensions.VectorData collection of an application's records in a table of SQLite or PostgreSQL
/// (from <see cref="SqliteVectorStore"/> or <see cref="PostgresVectorStore"/>): the record type is described by
/// VectorData attributes or a <see cref="VectorStoreCollectionDefinition"/>; LINQ filters become SQL with parameters;
/// vector search is scored by the engine (HNSW on PostgreSQL, an exact scan on SQLite); hybrid search fuses the
/// engine's BM25 ranking of a full-text property with the vector ranking by reciprocal rank, as
/// <see cref="HybridRetriever"/> does; vector properties of a type such as string are embedded by the configured
/// embedding generator on upsert and search.
/// </summary>
/// <typeparam name="TKey">The key type: string, Guid, int or long (object for dynamic collections).</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <remarks>Thread-safe: each operation uses its own connection; a batch upsert or delete is one transaction.</remarks>
public sealed partial class SqlVectorStoreCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>, IKeywordHybridSearchable<TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly SqlDialect _dialect;
    private readonly CollectionModel _model;
    private readonly string _table;

    internal SqlVectorStoreCollection(SqlDialect dialect, string name, CollectionModel model)
    {
        SqlDialect.CheckCollectionName(name);
        _dialect = dialect;
        _model = model;
        Name = name;
        _table = dialect.Table(name);
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override async Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await _dialect.CollectionExistsAsync(connection, Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the collection's table, indexes and keyword index unless they exist.</summary>
    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await _dialect.CreateCollectionAsync(connection, transaction, Name, _model, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the collection's table and keyword index, if they exist.</summary>
    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await _dialect.DeleteCollectionAsync(connection, transaction, Name, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await foreach (var record in GetAsync([key], options, cancellationToken).ConfigureAwait(false))
        {
            return record;
        }

        return null;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<TRecord> GetAsync(IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.Select(k => (object?)k).ToList();
        if (list.Count == 0)
        {
            yield break;
        }

        bool includeVectors = options?.IncludeVectors == true;
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        SqlDialect.AddParameter(command, "@keys", _dialect.ValuesToDb(_model.KeyProperty, list));
        command.CommandText = $"SELECT {Columns(includeVectors)} FROM {_table} t WHERE {_dialect.InValues(KeyColumn, "@keys")}";
        foreach (var (record, _) in await ReadAsync(command, includeVectors, scored: false, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<TRecord> GetAsync(Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new FilteredRecordRetrievalOptions<TRecord>();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new SqlFilterTranslator(_dialect, command).Translate(filter, _model);
        var order = new List<string>();
        if (options.OrderBy is { } orderBy)
        {
            foreach (var sort in orderBy(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition()).Values)
            {
                order.Add("t." + SqlDialect.Quote(_model.GetDataOrKeyProperty(sort.PropertySelector).StorageName) + (sort.Ascending ? " ASC" : " DESC"));
            }
        }

        // The key last, so pages are stable whatever else the order is.
        order.Add(KeyColumn);
        SqlDialect.AddParameter(command, "@top", (long)top);
        SqlDialect.AddParameter(command, "@skip", (long)options.Skip);
        command.CommandText = $"SELECT {Columns(options.IncludeVectors)} FROM {_table} t WHERE {where} ORDER BY {string.Join(", ", order)} LIMIT @top OFFSET @skip";
        foreach (var (record, _) in await ReadAsync(command, options.IncludeVectors, scored: false, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DeleteAsync([key], cancellationToken);
    }

    /// <summary>Deletes the records with these keys (missing keys are ignored), in one transaction.</summary>
    public override async Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var stored = keys.Select(k => _dialect.ToDb(_model.KeyProperty, k)).ToList();
        if (stored.Count == 0)
        {
            return;
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await _dialect.UnindexTextAsync(connection, transaction, Name, _model, stored, cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            SqlDialect.AddParameter(command, "@keys", _dialect.ValuesToDb(_model.KeyProperty, keys.Cast<object?>()));
            command.CommandText = $"DELETE FROM {_table} WHERE {_dialect.InValues(SqlDialect.Quote(_model.KeyProperty.StorageName), "@keys")}";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    /// <summary>
    /// Inserts or replaces the records in one transaction, after embedding the values of vector properties that need
    /// the embedding generator (one call per property for the whole batch). Auto-generated Guid keys left empty are set.
    /// </summary>
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var batch = records.ToList();
        if (batch.Count == 0)
        {
            return;
        }

        var key = _model.KeyProperty;
        if (key.IsAutoGenerated)
        {
            foreach (var record in batch.Where(r => key.GetValueAsObject(r) is null || Guid.Empty.Equals(key.GetValueAsObject(r))))
            {
                key.SetValueAsObject(record, Guid.NewGuid());
            }
        }

        var generated = new Dictionary<VectorPropertyModel, IReadOnlyList<ReadOnlyMemory<float>>>();
        foreach (var vector in _model.VectorProperties.Where(v => !RecordModelBuilder.IsNativeVector(v.Type)))
        {
            generated[vector] = await GenerateAsync(vector, batch.Select(r => vector.GetValueAsObject(r)!).ToList(), cancellationToken).ConfigureAwait(false);
        }

        var columns = _model.Properties.ToList();
        var names = columns.Select(p => SqlDialect.Quote(p.StorageName)).ToList();
        var updates = columns.Where(p => p is not KeyPropertyModel).Select(p => $"{SqlDialect.Quote(p.StorageName)} = excluded.{SqlDialect.Quote(p.StorageName)}").ToList();
        var sql = $"INSERT INTO {_table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@v" + i.ToString(CultureInfo.InvariantCulture)))}) " +
            $"ON CONFLICT ({SqlDialect.Quote(key.StorageName)}) DO " + (updates.Count == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", updates));

        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<object>(batch.Count);
        for (int r = 0; r < batch.Count; r++)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (int i = 0; i < columns.Count; i++)
            {
                SqlDialect.AddParameter(command, "@v" + i.ToString(CultureInfo.InvariantCulture), StoredValue(columns[i], batch[r], generated, r));
            }

            keys.Add(_dialect.ToDb(key, key.GetValueAsObject(batch[r])));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await _dialect.IndexTextAsync(connection, transaction, Name, _model, keys, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = _dialect.SystemName, CollectionName = Name }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private object StoredValue(PropertyModel property, TRecord record, Dictionary<VectorPropertyModel, IReadOnlyList<ReadOnlyMemory<float>>> generated, int index)
    {
        if (property is not VectorPropertyModel vector)
        {
            return _dialect.ToDb(property, property.GetValueAsObject(record));
        }

        if (generated.TryGetValue(vector, out var vectors))
        {
            return _dialect.VectorToDb(vectors[index]);
        }

        return property.GetValueAsObject(record) switch
        {
            null => DBNull.Value,
            ReadOnlyMemory<float> memory => _dialect.VectorToDb(memory),
            float[] array => _dialect.VectorToDb(array),
            Embedding<float> embedding => _dialect.VectorToDb(embedding.Vector),
            var other => throw new NotSupportedException($"Vector property '{vector.ModelName}' holds a {other.GetType().Name}; supported: {RecordModelBuilder.VectorTypes}."),
        };
    }

    private static async Task<IReadOnlyList<ReadOnlyMemory<float>>> GenerateAsync(VectorPropertyModel vector, List<object> values, CancellationToken cancellationToken)
    {
        if (vector.EmbeddingGenerator is null)
        {
            throw new InvalidOperationException($"Vector property '{vector.ModelName}' is a {vector.Type.Name} and needs an embedding generator: set one on the store, the definition or the property.");
        }

        var embeddings = await vector.GenerateEmbeddingsAsync(values, cancellationToken).ConfigureAwait(false);
        return embeddings.Select(e => e is Embedding<float> floats ? floats.Vector : throw new NotSupportedException($"The embedding generator of '{vector.ModelName}' made {e.GetType().Name}; the store keeps Embedding<float>.")).ToList();
    }

    private string KeyColumn => "t." + SqlDialect.Quote(_model.KeyProperty.StorageName);

    /// <summary>The columns read into records: every key and data property, vectors only when asked for and readable.</summary>
    private List<PropertyModel> ReadProperties(bool includeVectors) =>
        _model.Properties.Where(p => p is not VectorPropertyModel || (includeVectors && RecordModelBuilder.IsNativeVector(p.Type))).ToList();

    private string Columns(bool includeVectors) => string.Join(", ", ReadProperties(includeVectors).Select(p => "t." + SqlDialect.Quote(p.StorageName)));

    private async Task<List<(TRecord Record, double Score)>> ReadAsync(DbCommand command, bool includeVectors, bool scored, CancellationToken cancellationToken)
    {
        var properties = ReadProperties(includeVectors);
        var results = new List<(TRecord, double)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = _model.CreateRecord<TRecord>()!;
            for (int i = 0; i < properties.Count; i++)
            {
                var value = reader.GetValue(i);
                properties[i].SetValueAsObject(record, properties[i] is VectorPropertyModel ? VectorValue(properties[i].Type, value) : _dialect.FromDb(properties[i], value));
            }

            results.Add((record, scored ? Convert.ToDouble(reader.GetValue(properties.Count), CultureInfo.InvariantCulture) : 0));
        }

        return results;
    }

    private object? VectorValue(Type type, object value)
    {
        if (value is DBNull)
        {
            return null;
        }

        var vector = _dialect.VectorFromDb(value);
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(float[]) ? vector.ToArray() : type == typeof(Embedding<float>) ? new Embedding<float>(vector) : vector;
    }
}
