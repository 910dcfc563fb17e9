using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using LocalKernel.Rag.PostgreSql;
using Npgsql;
using Pgvector;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// PostgreSQL: one table per collection in the store's schema, text lists as <c>text[]</c>, vectors as pgvector
/// columns with an HNSW index (unless the definition asks for a flat index), and BM25 computed from a postings table
/// per collection ("name__terms", rewritten with each upsert, removed by cascade), as the document store does.
/// </summary>
internal sealed class PostgresDialect(string connectionString, string schema, string textSearchConfiguration) : SqlDialect, IAsyncDisposable
{
    private const string Registry = "lk_vector_collections";
    private readonly SemaphoreSlim _setup = new(1, 1);
    private NpgsqlDataSource? _dataSource;

    public override string SystemName => "postgresql";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_dataSource is null)
        {
            await _setup.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_dataSource is null)
                {
                    // The vector type must exist before a data source that maps it opens its first connection, and
                    // be on that data source's search path.
                    string vectorSchema;
                    await using (var plain = new NpgsqlConnection(connectionString))
                    {
                        await plain.OpenAsync(cancellationToken).ConfigureAwait(false);
                        vectorSchema = await PgVectorExtension.EnsureAsync(plain, null, cancellationToken).ConfigureAwait(false);
                        await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}; CREATE TABLE IF NOT EXISTS {Quote(schema)}.{Registry} (name text PRIMARY KEY)", plain);
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    var builder = new NpgsqlDataSourceBuilder(PgVectorExtension.WithExtensionOnSearchPath(connectionString, vectorSchema));
                    builder.UseVector();
                    _dataSource = builder.Build();
                }
            }
            finally
            {
                _setup.Release();
            }
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        _setup.Dispose();
    }

    public override string Table(string collection) => Quote(schema) + "." + Quote(collection);

    private string TermsTable(string collection) => Quote(schema) + "." + Quote(collection + "__terms");

    // One row per record and full-text field: BM25's record count and average length come from this narrow table
    // instead of from every posting (reading the whole postings table per query grew with the total text).
    private string LengthsTable(string collection) => Quote(schema) + "." + Quote(collection + "__lengths");

    public override string ColumnType(PropertyModel property)
    {
        if (property is VectorPropertyModel vector)
        {
            return "vector(" + vector.Dimensions.ToString(CultureInfo.InvariantCulture) + ")";
        }

        var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        return type == typeof(int) ? "integer"
            : type == typeof(long) ? "bigint"
            : type == typeof(bool) ? "boolean"
            : type == typeof(float) ? "real"
            : type == typeof(double) ? "double precision"
            : type == typeof(Guid) ? "uuid"
            : type == typeof(DateTimeOffset) ? "timestamptz"
            : RecordModelBuilder.IsTextList(type) ? "text[]"
            : "text";
    }

    public override object ToDb(PropertyModel property, object? value) => value switch
    {
        null => DBNull.Value,

        // timestamptz takes UTC instants only.
        DateTimeOffset d => d.ToUniversalTime(),
        string text => text,
        IEnumerable<string> list => list.ToArray(),
        _ => value,
    };

    public override object? FromDb(PropertyModel property, object value)
    {
        if (value is DBNull)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        return value switch
        {
            DateTime d when type == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            string[] list when type != typeof(string[]) => list.ToList(),
            _ => value,
        };
    }

    public override object VectorToDb(ReadOnlyMemory<float> vector) => new Vector(vector);

    public override ReadOnlyMemory<float> VectorFromDb(object value) => ((Vector)value).Memory;

    public override object ValuesToDb(PropertyModel property, IEnumerable<object?> values)
    {
        var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        var converted = values.Where(v => v is not null).Select(v => ToDb(property, v)).ToList();
        var array = Array.CreateInstance(type == typeof(DateTimeOffset) ? typeof(DateTimeOffset) : type, converted.Count);
        for (int i = 0; i < converted.Count; i++)
        {
            array.SetValue(converted[i], i);
        }

        return array;
    }

    public override string ListContains(string column, string parameter) => $"{column} @> ARRAY[{parameter}::text]";

    public override string InValues(string column, string parameter) => $"{column} = ANY({parameter})";

    public override (string Score, string Order, bool HigherIsBetter) VectorScore(string function, string column, string parameter) => function switch
    {
        DistanceFunction.CosineSimilarity => ($"(1 - ({column} <=> {parameter}))", $"{column} <=> {parameter}", true),
        DistanceFunction.CosineDistance => ($"({column} <=> {parameter})", $"{column} <=> {parameter}", false),
        DistanceFunction.DotProductSimilarity => ($"(-({column} <#> {parameter}))", $"{column} <#> {parameter}", true),
        DistanceFunction.EuclideanDistance => ($"({column} <-> {parameter})", $"{column} <-> {parameter}", false),
        _ => throw new NotSupportedException($"Distance function '{function}' is not supported by the PostgreSQL collections: use CosineSimilarity, CosineDistance, DotProductSimilarity or EuclideanDistance."),
    };

    private static string OperatorClass(string function) => function switch
    {
        DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance => "vector_cosine_ops",
        DistanceFunction.DotProductSimilarity => "vector_ip_ops",
        _ => "vector_l2_ops",
    };

    public override async Task PrepareVectorSearchAsync(DbConnection connection, DbTransaction transaction, int candidates, CancellationToken cancellationToken)
    {
        // The graph search must look at least as far as the rows asked for; strict-order iterative scans keep a
        // filtered search filling its page in score order.
        int efSearch = Math.Clamp(candidates, 40, 1000);
        await using var command = new NpgsqlCommand($"SET LOCAL hnsw.ef_search = {efSearch.ToString(CultureInfo.InvariantCulture)}; SET LOCAL hnsw.iterative_scan = strict_order", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task CreateCollectionAsync(DbConnection connection, DbTransaction transaction, string name, CollectionModel model, CancellationToken cancellationToken)
    {
        var key = model.KeyProperty;
        var columns = model.Properties.Select(p => Quote(p.StorageName) + " " + ColumnType(p) + (p is KeyPropertyModel ? " PRIMARY KEY" : string.Empty));
        var sql = $"SELECT pg_advisory_xact_lock(hashtext(@lock)); CREATE TABLE IF NOT EXISTS {Table(name)} ({string.Join(", ", columns)});\n";
        int ordinal = 0;
        foreach (var property in model.DataProperties.Where(p => p.IsIndexed))
        {
            var method = RecordModelBuilder.IsTextList(property.Type) ? "gin" : "btree";
            sql += $"CREATE INDEX IF NOT EXISTS {Quote(name + "__i" + (ordinal++).ToString(CultureInfo.InvariantCulture))} ON {Table(name)} USING {method} ({Quote(property.StorageName)});\n";
        }

        ordinal = 0;
        foreach (var vector in model.VectorProperties)
        {
            if (vector.IndexKind is not IndexKind.Flat && vector.Dimensions <= 2000)
            {
                sql += $"CREATE INDEX IF NOT EXISTS {Quote(name + "__v" + ordinal.ToString(CultureInfo.InvariantCulture))} ON {Table(name)} USING hnsw ({Quote(vector.StorageName)} {OperatorClass(DistanceFunctionOf(vector))});\n";
            }

            ordinal++;
        }

        if (model.DataProperties.Any(p => p.IsFullTextIndexed))
        {
            sql += $"""
                CREATE TABLE IF NOT EXISTS {TermsTable(name)} (
                    term text NOT NULL,
                    key {ColumnType(key)} NOT NULL REFERENCES {Table(name)} ({Quote(key.StorageName)}) ON DELETE CASCADE,
                    field smallint NOT NULL,
                    tf integer NOT NULL,
                    len integer NOT NULL,
                    PRIMARY KEY (term, field, key) INCLUDE (tf, len));
                CREATE INDEX IF NOT EXISTS {Quote(name + "__terms_by_key")} ON {TermsTable(name)} (key);
                CREATE TABLE IF NOT EXISTS {LengthsTable(name)} (
                    key {ColumnType(key)} NOT NULL REFERENCES {Table(name)} ({Quote(key.StorageName)}) ON DELETE CASCADE,
                    field smallint NOT NULL,
                    len integer NOT NULL,
                    PRIMARY KEY (field, key));
                CREATE INDEX IF NOT EXISTS {Quote(name + "__lengths_by_key")} ON {LengthsTable(name)} (key);

                """;
        }

        sql += $"INSERT INTO {Quote(schema)}.{Registry} (name) VALUES (@name) ON CONFLICT DO NOTHING;";
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("lock", schema + "." + name);
        command.Parameters.AddWithValue("name", name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task DeleteCollectionAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"DROP TABLE IF EXISTS {TermsTable(name)}; DROP TABLE IF EXISTS {LengthsTable(name)}; DROP TABLE IF EXISTS {Table(name)}; DELETE FROM {Quote(schema)}.{Registry} WHERE name = @name;", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("name", name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<bool> CollectionExistsAsync(DbConnection connection, string name, CancellationToken cancellationToken) =>
        (await ListCollectionsAsync(connection, cancellationToken).ConfigureAwait(false)).Contains(name);

    public override async Task<List<string>> ListCollectionsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT r.name FROM {Quote(schema)}.{Registry} r WHERE to_regclass(quote_ident(@schema) || '.' || quote_ident(r.name)) IS NOT NULL ORDER BY r.name", (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("schema", schema);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public override async Task IndexTextAsync(DbConnection connection, DbTransaction transaction, string name, CollectionModel model, IReadOnlyList<object> keys, CancellationToken cancellationToken)
    {
        var fullText = model.DataProperties.Where(p => p.IsFullTextIndexed).ToList();
        if (fullText.Count == 0)
        {
            return;
        }

        // Term frequencies and lengths from PostgreSQL's own parser and stemmer (the store's text search configuration).
        var config = "'" + textSearchConfiguration + "'::regconfig";
        var fields = string.Join(", ", fullText.Select((p, i) => $"({i.ToString(CultureInfo.InvariantCulture)}, to_tsvector({config}, coalesce(t.{Quote(p.StorageName)}, '')))"));
        var keyColumn = Quote(model.KeyProperty.StorageName);
        await using var command = new NpgsqlCommand($"""
            DELETE FROM {TermsTable(name)} WHERE key = ANY(@keys);
            DELETE FROM {LengthsTable(name)} WHERE key = ANY(@keys);
            INSERT INTO {TermsTable(name)} (term, key, field, tf, len)
            SELECT l.lexeme, t.{keyColumn}, f.field, cardinality(l.positions), (SELECT coalesce(sum(cardinality(x.positions)), 0) FROM unnest(f.v) x)::int
            FROM {Table(name)} t
                 CROSS JOIN LATERAL (VALUES {fields}) AS f(field, v)
                 CROSS JOIN LATERAL unnest(f.v) AS l
            WHERE t.{keyColumn} = ANY(@keys);
            INSERT INTO {LengthsTable(name)} (key, field, len)
            SELECT t.{keyColumn}, f.field, (SELECT coalesce(sum(cardinality(x.positions)), 0) FROM unnest(f.v) x)::int
            FROM {Table(name)} t CROSS JOIN LATERAL (VALUES {fields}) AS f(field, v)
            WHERE t.{keyColumn} = ANY(@keys);
            """, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("keys", ValuesToDb(model.KeyProperty, keys));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // The postings go with their rows by cascade.
    public override Task UnindexTextAsync(DbConnection connection, DbTransaction transaction, string name, CollectionModel model, IReadOnlyList<object> keys, CancellationToken cancellationToken) => Task.CompletedTask;

    public override string KeywordQuery(string name, CollectionModel model, DataPropertyModel textProperty, string columns, string where, string termsParameter, string limitParameter)
    {
        var field = model.DataProperties.Where(p => p.IsFullTextIndexed).ToList().IndexOf(textProperty).ToString(CultureInfo.InvariantCulture);
        var config = "'" + textSearchConfiguration + "'::regconfig";
        var terms = TermsTable(name);

        // BM25 as FTS5 computes it (PostgresBm25): the same ranking on both stores. The terms' key carries tf and len,
        // so once vacuumed the postings are read from the index alone (collections created before keep a key without them).
        return $"""
            WITH q AS (SELECT DISTINCT l.lexeme AS term FROM unnest({termsParameter}::text[]) AS w(word) CROSS JOIN LATERAL unnest(to_tsvector({config}, w.word)) AS l),
            stats AS (SELECT count(*)::float8 AS n, coalesce(avg(len), 0)::float8 AS avgdl FROM {LengthsTable(name)} WHERE field = {field}),
            idf AS (
                SELECT q.term, {PostgresBm25.Idf("stats.n", "df.n")} AS idf
                FROM q CROSS JOIN LATERAL (SELECT count(*)::float8 AS n FROM {terms} p WHERE p.term = q.term AND p.field = {field}) df CROSS JOIN stats),
            scored AS (
                SELECT p.key, sum({PostgresBm25.Term("idf.idf", "p.tf", "p.len", "stats.avgdl")}) AS score
                FROM {terms} p JOIN idf ON idf.term = p.term CROSS JOIN stats
                WHERE p.field = {field}
                GROUP BY p.key)
            SELECT {columns}, s.score AS "__score" FROM scored s JOIN {Table(name)} t ON t.{Quote(model.KeyProperty.StorageName)} = s.key
            WHERE ({where}) ORDER BY s.score DESC LIMIT {limitParameter}
            """;
    }

    public override object KeywordTerms(IReadOnlyList<string> words) => words.ToArray();
}
