namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>VectorData over the SQLite store.</summary>
public sealed class SqliteVectorDataContractTests : VectorDataContractTests
{
    private protected override IStoreFactory CreateFactory() => new SqliteStoreFactory();
}
