namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>Stores in a schema of their own on the test server, dropped afterwards.</summary>
internal sealed class PostgresStoreFactory : IStoreFactory
{
    private readonly string _connectionString = TestPostgres.Require();

    public string Schema { get; } = TestPostgres.NewSchema();

    public async Task<IDocumentStore> OpenAsync(EmbeddingModelInfo? model) =>
        await PostgresDocumentStore.OpenAsync(_connectionString, model, new PostgresDocumentStoreOptions { Schema = Schema });

    public async Task<long> CountOrphansAsync()
    {
        var s = "\"" + Schema + "\"";
        bool vectors = await TestPostgres.ScalarAsync($"SELECT (to_regclass('{s}.vectors') IS NOT NULL)::int") == 1;
        return await TestPostgres.ScalarAsync($"""
            SELECT (SELECT count(*) FROM {s}.chunks WHERE document_key NOT IN (SELECT doc_key FROM {s}.documents))
                 + (SELECT count(*) FROM {s}.postings WHERE chunk_key NOT IN (SELECT chunk_key FROM {s}.chunks))
                 + {(vectors ? $"(SELECT count(*) FROM {s}.vectors WHERE chunk_key NOT IN (SELECT chunk_key FROM {s}.chunks))" : "0")}
            """);
    }

    public async ValueTask DisposeAsync() => await TestPostgres.DropSchemaAsync(Schema);
}
