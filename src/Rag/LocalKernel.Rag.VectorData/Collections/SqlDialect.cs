using System.Data.Common;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// What differs between the SQL engines under <see cref="SqlVectorStoreCollection{TKey, TRecord}"/>: connections,
/// column types and value conversion, list predicates, vector scoring, and the BM25 side structures. Everything a
/// caller gives (names, values) reaches SQL either quoted as an identifier or as a parameter, never as text.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>Collection names: letters, digits, '_' and '-', so a table name with our suffixes stays within PostgreSQL's 63 bytes.</summary>
    public const int MaxCollectionNameLength = 40;

    public abstract string SystemName { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The collection's table, quoted (and schema-qualified where the engine has schemas).</summary>
    public abstract string Table(string collection);

    public abstract string ColumnType(PropertyModel property);

    /// <summary>A property's value as the engine stores it (DBNull for null).</summary>
    public abstract object ToDb(PropertyModel property, object? value);

    /// <summary>A stored value as the property's .NET type.</summary>
    public abstract object? FromDb(PropertyModel property, object value);

    public abstract object VectorToDb(ReadOnlyMemory<float> vector);

    public abstract ReadOnlyMemory<float> VectorFromDb(object value);

    /// <summary>Several values of one property as one parameter (for <c>IN</c>).</summary>
    public abstract object ValuesToDb(PropertyModel property, IEnumerable<object?> values);

    /// <summary>SQL: the text-list column holds the parameter's value.</summary>
    public abstract string ListContains(string column, string parameter);

    /// <summary>SQL: the column's value is one of the parameter's values (<see cref="ValuesToDb"/>).</summary>
    public abstract string InValues(string column, string parameter);

    /// <summary>
    /// SQL for the score of <paramref name="function"/>, an expression to sort by ascending (the one an index serves),
    /// and whether larger scores are better (similarities) or smaller (distances).
    /// </summary>
    /// <exception cref="NotSupportedException">The store has no such distance function.</exception>
    public abstract (string Score, string Order, bool HigherIsBetter) VectorScore(string function, string column, string parameter);

    public static string DistanceFunctionOf(VectorPropertyModel vector) => vector.DistanceFunction ?? DistanceFunction.CosineSimilarity;

    /// <summary>Settings for a vector search in the transaction that runs it (e.g. the index's search breadth).</summary>
    public virtual Task PrepareVectorSearchAsync(DbConnection connection, DbTransaction transaction, int candidates, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task CreateCollectionAsync(DbConnection connection, DbTransaction transaction, string name, CollectionModel model, CancellationToken cancellationToken);

    public abstract Task DeleteCollectionAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken);

    public abstract Task<bool> CollectionExistsAsync(DbConnection connection, string name, CancellationToken cancellationToken);

    public abstract Task<List<string>> ListCollectionsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Rewrites the keyword index of the given rows (stored keys) after they were written.</summary>
    public abstract Task IndexTextAsync(DbConnection connection, DbTransaction transaction, string name, CollectionModel model, IReadOnlyList<object> keys, CancellationToken cancellationToken);

    /// <summary>Removes the given rows from the keyword index before the rows are deleted.</summary>
    public abstract Task UnindexTextAsync(DbConnection connection, DbTransaction transaction, string name, CollectionModel model, IReadOnlyList<object> keys, CancellationToken cancellationToken);

    /// <summary>
    /// A query of the best <paramref name="limitParameter"/> rows for the terms by BM25, columns <paramref name="columns"/>
    /// plus "__score" (higher is better), restricted by <paramref name="where"/> (SQL over alias t, may be "TRUE").
    /// </summary>
    public abstract string KeywordQuery(string name, CollectionModel model, DataPropertyModel textProperty, string columns, string where, string termsParameter, string limitParameter);

    /// <summary>The terms parameter of <see cref="KeywordQuery"/> for the query's words.</summary>
    public abstract object KeywordTerms(IReadOnlyList<string> words);

    public static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public static void CheckCollectionName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxCollectionNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') || name.StartsWith("__", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a collection name: use up to {MaxCollectionNameLength} ASCII letters, digits, '_' or '-' (not starting with \"__\").", nameof(name));
        }
    }
}
