namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>The store contract on the embedded SQLite store.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    protected override IStoreFactory CreateFactory() => new SqliteStoreFactory();
}
