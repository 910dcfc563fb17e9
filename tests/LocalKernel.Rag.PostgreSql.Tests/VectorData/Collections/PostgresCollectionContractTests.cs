using LocalKernel.Rag.VectorData;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>The record collections on the test server, in a schema of their own (skipped with a reason without a server; required in CI).</summary>
public sealed class PostgresCollectionContractTests : SqlCollectionContractTests
{
    private readonly string _schema = TestPostgres.NewSchema();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestPostgres.DropSchemaAsync(_schema);
    }

    private protected override VectorStore CreateStore(SqlVectorStoreOptions options)
    {
        options.Schema = _schema;
        return new PostgresVectorStore(TestPostgres.Require(), options);
    }
}
