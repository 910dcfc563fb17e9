using LocalKernel.Rag.VectorData;
using Microsoft.SemanticKernel.Data;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>Semantic Kernel's own VectorStoreTextSearch, unmodified, over the chunks collection of a SQLite store.</summary>
public sealed class SemanticKernelTextSearchTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task VectorStoreTextSearch_finds_passages_through_the_collection()
    {
        var embedder = FakeEmbeddingGenerator.HashingBagOfWords();
        using var store = SqliteDocumentStore.Open(_temp.File("kb.db"), embedder.ModelInfo);
        await TestData.WriteAsync(store, embedder, "rockets", "rocket launch delayed by weather");
        await TestData.WriteAsync(store, embedder, "garden", "tomatoes need water and sun");
        var collection = new DocumentStoreVectorStore(store, embedder).GetCollection<string, DocumentChunkRecord>("chunks");

#pragma warning disable SKEXP0001, CS0618 // the text-search surface is marked experimental (and partly superseded) in Semantic Kernel 1.82
        var search = new VectorStoreTextSearch<DocumentChunkRecord>(
            collection,
            new TextSearchStringMapper(r => ((DocumentChunkRecord)r).Text),
            new TextSearchResultMapper(r => new TextSearchResult(((DocumentChunkRecord)r).Text) { Name = ((DocumentChunkRecord)r).DocumentId, Link = ((DocumentChunkRecord)r).SourcePath }));
        var texts = new List<string>();
        await foreach (var text in (await search.SearchAsync("rocket launch", new TextSearchOptions { Top = 1 })).Results)
        {
            texts.Add(text);
        }

        var results = new List<TextSearchResult>();
        await foreach (var result in (await search.GetTextSearchResultsAsync("tomatoes water", new TextSearchOptions { Top = 1 })).Results)
        {
            results.Add(result);
        }
#pragma warning restore SKEXP0001, CS0618

        Assert.Equal(["rocket launch delayed by weather"], texts);
        Assert.Equal("garden", Assert.Single(results).Name);
    }
}
