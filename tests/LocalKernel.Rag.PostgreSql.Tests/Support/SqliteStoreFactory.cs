using Microsoft.Data.Sqlite;

namespace LocalKernel.Rag.PostgreSql.Tests;

internal sealed class SqliteStoreFactory : IStoreFactory
{
    private readonly TempDirectory _temp = new();

    private string Path => _temp.File("store.db");

    public Task<IDocumentStore> OpenAsync(EmbeddingModelInfo? model) => Task.FromResult<IDocumentStore>(SqliteDocumentStore.Open(Path, model));

    public Task<long> CountOrphansAsync()
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM chunks WHERE document_key NOT IN (SELECT doc_key FROM documents))
                 + (SELECT count(*) FROM vectors WHERE chunk_key NOT IN (SELECT chunk_key FROM chunks))
                 + (SELECT count(*) FROM chunks_fts_docsize WHERE id NOT IN (SELECT chunk_key FROM chunks))
            """;
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }
}
