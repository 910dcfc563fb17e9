namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>VectorData over the PostgreSQL store (skipped with a reason without LOCALKERNEL_TEST_POSTGRES; required in CI).</summary>
public sealed class PostgresVectorDataContractTests : VectorDataContractTests
{
    private protected override IStoreFactory CreateFactory() => new PostgresStoreFactory();
}
