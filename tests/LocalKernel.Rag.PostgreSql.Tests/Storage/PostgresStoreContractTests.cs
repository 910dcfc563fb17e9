namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>The store contract on PostgreSQL (skipped with a reason without LOCALKERNEL_TEST_POSTGRES; required in CI).</summary>
public sealed class PostgresStoreContractTests : StoreContractTests
{
    protected override IStoreFactory CreateFactory() => new PostgresStoreFactory();
}
