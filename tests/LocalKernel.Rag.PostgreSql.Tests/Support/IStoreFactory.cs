namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>Opens stores of one kind for the contract tests: every open of one factory reaches the same store.</summary>
public interface IStoreFactory : IAsyncDisposable
{
    /// <summary>Opens (a new handle on) the factory's store, as another process would.</summary>
    Task<IDocumentStore> OpenAsync(EmbeddingModelInfo? model);

    /// <summary>Rows of the store's tables that no document owns (chunks, vectors, keyword rows); 0 in a sound store.</summary>
    Task<long> CountOrphansAsync();
}
