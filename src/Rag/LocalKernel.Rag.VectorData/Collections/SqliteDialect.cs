using System.Data.Common;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// SQLite: one table per collection (prefixed "vd_", so collections never meet a document store's tables in the same
/// file), text lists as JSON arrays, vectors as float32 blobs scored by functions registered on each connection
/// (an exact scan: SQLite has no vector index here), keyword search by an FTS5 table whose rowids are the rows'.
/// </summary>
internal sealed class SqliteDialect(string connectionString) : SqlDialect
{
    private const string Registry = "lk_vector_collections";

    public override string SystemName => "sqlite";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        connection.CreateFunction<byte[]?, byte[]?, double?>("lk_cosine", (a, b) => a is null || b is null ? null : TensorPrimitives.CosineSimilarity(Floats(a), Floats(b)), isDeterministic: true);
        connection.CreateFunction<byte[]?, byte[]?, double?>("lk_dot", (a, b) => a is null || b is null ? null : TensorPrimitives.Dot(Floats(a), Floats(b)), isDeterministic: true);
        connection.CreateFunction<byte[]?, byte[]?, double?>("lk_l2", (a, b) => a is null || b is null ? null : TensorPrimitives.Distance(Floats(a), Floats(b)), isDeterministic: true);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public override string Table(string collection) => Quote("vd_" + collection);

    private static string FtsTable(string collection) => Quote("vd_" + collection + "__fts");

    public override string ColumnType(PropertyModel property)
    {
        if (property is VectorPropertyModel)
        {
            return "BLOB";
        }

        var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        return type == typeof(int) || type == typeof(long) || type == typeof(bool) || type == typeof(DateTimeOffset) ? "INTEGER"
            : type == typeof(float) || type == typeof(double) ? "REAL"
            : "TEXT";
    }

    public override object ToDb(PropertyModel property, object? value) => value switch
    {
        null => DBNull.Value,
        bool b => b ? 1L : 0L,
        int i => (long)i,
        float f => (double)f,
        Guid g => g.ToString("D"),
        DateTimeOffset d => d.ToUnixTimeMilliseconds(),
        IEnumerable<string> list => JsonSerializer.Serialize(list.ToArray()),
        _ => value,
    };

    public override object? FromDb(PropertyModel property, object value)
    {
        if (value is DBNull)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        return type == typeof(string) ? (string)value
            : type == typeof(int) ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : type == typeof(long) ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : type == typeof(bool) ? Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0
            : type == typeof(float) ? Convert.ToSingle(value, CultureInfo.InvariantCulture)
            : type == typeof(double) ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
            : type == typeof(Guid) ? Guid.Parse((string)value)
            : type == typeof(DateTimeOffset) ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture))
            : type == typeof(string[]) ? JsonSerializer.Deserialize<string[]>((string)value)
            : RecordModelBuilder.IsTextList(type) ? JsonSerializer.Deserialize<List<string>>((string)value)
            : value;
    }

    public override object VectorToDb(ReadOnlyMemory<float> vector) => MemoryMarshal.AsBytes(vector.Span).ToArray();

    public override ReadOnlyMemory<float> VectorFromDb(object value) => Floats((byte[])value).ToArray();

    private static ReadOnlySpan<float> Floats(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes);

    public override object ValuesToDb(PropertyModel property, IEnumerable<object?> values) =>
        JsonSerializer.Serialize(values.Select(v => ToDb(property, v)).Select(v => v is DBNull ? null : v).ToArray());

    public override string ListContains(string column, string parameter) => $"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {parameter})";

    public override string InValues(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override (string Score, string Order, bool HigherIsBetter) VectorScore(string function, string column, string parameter) => function switch
    {
        DistanceFunction.CosineSimilarity => ($"lk_cosine({column}, {parameter})", $"-lk_cosine({column}, {parameter})", true),
        DistanceFunction.CosineDistance => ($"(1 - lk_cosine({column}, {parameter}))", $"(1 - lk_cosine({column}, {parameter}))", false),
        DistanceFunction.DotProductSimilarity => ($"lk_dot({column}, {parameter})", $"-lk_dot({column}, {parameter})", true),
        DistanceFunction.EuclideanDistance => ($"lk_l2({column}, {parameter})", $"lk_l2({column}, {parameter})", false),
        _ => throw new NotSupportedException($"Distance function '{function}' is not supported by the SQLite collections: use CosineSimilarity, CosineDistance, DotProductSimilarity or EuclideanDistance."),
    };

    public override async Task CreateCollectionAsync(DbConnection connection, DbTransaction transaction, string name, CollectionModel model, CancellationToken cancellationToken)
    {
        var columns = model.Properties.Select(p => Quote(p.StorageName) + " " + ColumnType(p) + (p is KeyPropertyModel ? " PRIMARY KEY" : string.Empty));
        var sql = $"CREATE TABLE IF NOT EXISTS {Table(name)} ({string.Join(", ", columns)});\n";
        foreach (var (property, i) in model.DataProperties.Select((p, i) => (p, i)).Where(x => x.p.IsIndexed && !RecordModelBuilder.IsTextList(x.p.Type)))
        {
            sql += $"CREATE INDEX IF NOT EXISTS {Quote("vd_" + name + "__i" + i.ToString(CultureInfo.InvariantCulture))} ON {Table(name)} ({Quote(property.StorageName)});\n";
        }

        var fullText = FullTextProperties(model);
        if (fullText.Count > 0)
        {
            // Columns c0, c1 … rather than the properties' names: nothing a record definition says enters FTS5 syntax.
            sql += $"CREATE VIRTUAL TABLE IF NOT EXISTS {FtsTable(name)} USING fts5({string.Join(", ", fullText.Select((_, i) => "c" + i.ToString(CultureInfo.InvariantCulture)))}, tokenize = 'porter unicode61 remove_diacritics 2');\n";
        }

        sql += $"CREATE TABLE IF NOT EXISTS {Registry} (name TEXT PRIMARY KEY); INSERT OR IGNORE INTO {Registry} (name) VALUES (@name);";
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        AddParameter(command, "@name", name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task DeleteCollectionAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DROP TABLE IF EXISTS {FtsTable(name)}; DROP TABLE IF EXISTS {Table(name)}; CREATE TABLE IF NOT EXISTS {Registry} (name TEXT PRIMARY KEY); DELETE FROM {Registry} WHERE name = @name;";
        AddParameter(command, "@name", name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<bool> CollectionExistsAsync(DbConnection connection, string name, CancellationToken cancellationToken) =>
        (await ListCollectionsAsync(connection, cancellationToken).ConfigureAwait(false)).Contains(name);

    public override async Task<List<string>> ListCollectionsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM {Registry} WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vd_' || {Registry}.name) ORDER BY name";
        var names = new List<string>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            // No registry yet: no collection was ever created in this file.
        }

        return names;
    }

    public override async Task IndexTextAsync(DbConnection connection, DbTransaction transaction, string name, CollectionModel model, IReadOnlyList<object> keys, CancellationToken cancellationToken)
    {
        var fullText = FullTextProperties(model);
        if (fullText.Count == 0)
        {
            return;
        }

        await UnindexTextAsync(connection, transaction, name, model, keys, cancellationToken).ConfigureAwait(false);
        var columns = string.Join(", ", fullText.Select((_, i) => "c" + i.ToString(CultureInfo.InvariantCulture)));
        var values = string.Join(", ", fullText.Select(p => Quote(p.StorageName)));
        await ForKeysAsync(connection, transaction, keys, model, $"INSERT INTO {FtsTable(name)} (rowid, {columns}) SELECT rowid, {values} FROM {Table(name)} WHERE {Quote(model.KeyProperty.StorageName)} IN (SELECT value FROM json_each(@keys))", cancellationToken).ConfigureAwait(false);
    }

    public override Task UnindexTextAsync(DbConnection connection, DbTransaction transaction, string name, CollectionModel model, IReadOnlyList<object> keys, CancellationToken cancellationToken) =>
        FullTextProperties(model).Count == 0
            ? Task.CompletedTask
            : ForKeysAsync(connection, transaction, keys, model, $"DELETE FROM {FtsTable(name)} WHERE rowid IN (SELECT rowid FROM {Table(name)} WHERE {Quote(model.KeyProperty.StorageName)} IN (SELECT value FROM json_each(@keys)))", cancellationToken);

    private static async Task ForKeysAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> keys, CollectionModel model, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        AddParameter(command, "@keys", JsonSerializer.Serialize(keys));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override string KeywordQuery(string name, CollectionModel model, DataPropertyModel textProperty, string columns, string where, string termsParameter, string limitParameter)
    {
        var column = "c" + FullTextProperties(model).IndexOf(textProperty).ToString(CultureInfo.InvariantCulture);
        var fts = FtsTable(name);

        // FTS5's bm25() is smaller for better matches; negated so that higher is better, as everywhere else here.
        return $"""
            SELECT {columns}, -bm25({fts}) AS "__score" FROM {fts} JOIN {Table(name)} t ON t.rowid = {fts}.rowid
            WHERE {fts} MATCH ('{column} : (' || {termsParameter} || ')') AND ({where}) ORDER BY "__score" DESC LIMIT {limitParameter}
            """;
    }

    public override object KeywordTerms(IReadOnlyList<string> words) =>
        string.Join(" OR ", words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    private static List<DataPropertyModel> FullTextProperties(CollectionModel model) => model.DataProperties.Where(p => p.IsFullTextIndexed).ToList();
}
