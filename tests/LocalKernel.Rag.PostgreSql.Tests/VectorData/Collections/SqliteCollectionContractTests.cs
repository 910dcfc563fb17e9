using LocalKernel.Rag.VectorData;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>The record collections in a SQLite file.</summary>
public sealed class SqliteCollectionContractTests : SqlCollectionContractTests
{
    private readonly TempDirectory _directory = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private protected override VectorStore CreateStore(SqlVectorStoreOptions options) => new SqliteVectorStore(Path.Combine(_directory.Path, "vectors.db"), options);
}
