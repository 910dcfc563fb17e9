using LocalKernel.Rag.VectorData;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>Microsoft.Extensions.VectorData over a document store: the same tests on SQLite and PostgreSQL.</summary>
public abstract class VectorDataContractTests : IAsyncLifetime
{
    private readonly FakeEmbeddingGenerator _embedder = FakeEmbeddingGenerator.HashingBagOfWords();
    private IStoreFactory? _factory;
    private IDocumentStore? _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    private protected abstract IStoreFactory CreateFactory();

    private async Task<VectorStoreCollection<string, DocumentChunkRecord>> CollectionAsync()
    {
        _factory = CreateFactory();
        _store = await _factory.OpenAsync(_embedder.ModelInfo);
        VectorStore vectorStore = new DocumentStoreVectorStore(_store, _embedder);
        Assert.Equal(["chunks"], await vectorStore.ListCollectionNamesAsync().ToListAsync());
        Assert.Throws<NotSupportedException>(() => vectorStore.GetCollection<int, DocumentChunkRecord>("chunks"));
        var collection = vectorStore.GetCollection<string, DocumentChunkRecord>("chunks");
        await collection.EnsureCollectionExistsAsync();
        return collection;
    }

    private static DocumentChunkRecord Record(string document, int index, string text, params string[] tags) =>
        new() { DocumentId = document, ChunkIndex = index, SourcePath = "/kb/" + document, Text = text, Tags = [.. tags] };

    private async Task<VectorStoreCollection<string, DocumentChunkRecord>> SeededAsync()
    {
        var collection = await CollectionAsync();
        await collection.UpsertAsync(
        [
            Record("atlas", 0, "rocket engines burn liquid fuel", "project=atlas", "year=2024"),
            Record("atlas", 1, "the launch pad needs repairs", "project=atlas", "year=2024"),
            Record("zeus", 0, "rocket launch delayed by weather", "project=zeus", "year=2025"),
            Record("garden", 0, "tomatoes need water and sun", "project=garden", "year=2025"),
        ]);
        return collection;
    }

    [SkippableFact]
    public async Task Records_round_trip_with_vectors_generated_by_the_store_and_delete_by_key()
    {
        var collection = await SeededAsync();
        var record = await collection.GetAsync("atlas#1", new RecordRetrievalOptions { IncludeVectors = true });
        Assert.NotNull(record);
        Assert.Equal(("atlas", 1, "the launch pad needs repairs", "/kb/atlas"), (record.DocumentId, record.ChunkIndex, record.Text, record.SourcePath));
        Assert.Equal(["project=atlas", "year=2024"], record.Tags);
        Assert.Equal(PostgresDocumentStore.Normalize(_embedder.EmbedCallback(record.Text)), record.Embedding!.Value.ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Null(await collection.GetAsync("atlas#7"));
        Assert.Equal(["atlas#0", "zeus#0"], await collection.GetAsync(["atlas#0", "missing#0", "zeus#0"]).Select(r => r.Key).ToListAsync());

        // Upserting one record of a document keeps its other records.
        await collection.UpsertAsync(Record("atlas", 1, "the launch pad was repaired", "project=atlas", "year=2024"));
        Assert.Equal("rocket engines burn liquid fuel", (await collection.GetAsync("atlas#0"))!.Text);
        Assert.Equal("the launch pad was repaired", (await collection.GetAsync("atlas#1"))!.Text);

        await collection.DeleteAsync("atlas#0");
        Assert.Null(await collection.GetAsync("atlas#0"));
        Assert.NotNull(await collection.GetAsync("atlas#1"));
        await collection.DeleteAsync(["atlas#1", "garden#0"]);
        Assert.Equal(new StoreStatistics(1, 1, 1), await _store!.GetStatisticsAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => collection.GetAsync("no-index"));
    }

    [SkippableFact]
    public async Task Linq_filters_select_the_records_they_describe_and_hostile_values_are_data()
    {
        var collection = await SeededAsync();
        async Task<List<string>> Keys(System.Linq.Expressions.Expression<Func<DocumentChunkRecord, bool>> filter) =>
            (await collection.GetAsync(filter, 100).Select(r => r.Key).ToListAsync()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["atlas#0", "atlas#1"], await Keys(r => r.DocumentId == "atlas"));
        Assert.Equal(["garden#0", "zeus#0"], await Keys(r => r.Tags.Contains("year=2025")));
        Assert.Equal(["atlas#1"], await Keys(r => r.Tags.Contains("project=atlas") && r.ChunkIndex > 0));
        Assert.Equal(["atlas#0", "garden#0", "zeus#0"], await Keys(r => r.ChunkIndex < 1 || r.Text == "nothing"));
        Assert.Equal(["atlas#0", "atlas#1", "garden#0"], await Keys(r => r.DocumentId != "zeus"));
        Assert.Equal(["zeus#0"], await Keys(r => !(r.DocumentId == "atlas") && !r.Tags.Contains("project=garden")));
        Assert.Empty(await Keys(r => r.DocumentId == "atlas" && r.DocumentId == "zeus"));

        var hostile = "atlas' OR '1'='1";
        var tag = "project=atlas'); DROP TABLE documents; --";
        Assert.Empty(await Keys(r => r.DocumentId == hostile));
        Assert.Empty(await Keys(r => r.Tags.Contains(tag)));
        Assert.Equal(4, (await _store!.GetStatisticsAsync()).ChunkCount);
    }

    [SkippableFact]
    public async Task Vector_search_embeds_text_queries_filters_and_honours_the_score_threshold()
    {
        var collection = await SeededAsync();
        var results = await collection.SearchAsync("rocket launch", 2).ToListAsync();
        Assert.Equal("zeus#0", results[0].Record.Key);
        Assert.True(results[0].Score >= results[1].Score);

        var filtered = await collection.SearchAsync("rocket launch", 5, new VectorSearchOptions<DocumentChunkRecord> { Filter = r => r.Tags.Contains("project=atlas") }).ToListAsync();
        Assert.All(filtered, r => Assert.Equal("atlas", r.Record.DocumentId));
        Assert.NotEmpty(filtered);

        // A threshold above the best score admits nothing; one below the second keeps at least two.
        var threshold = results[0].Score!.Value + 0.01;
        Assert.Empty(await collection.SearchAsync("rocket launch", 5, new VectorSearchOptions<DocumentChunkRecord> { ScoreThreshold = threshold }).ToListAsync());
        Assert.True((await collection.SearchAsync(_embedder.EmbedCallback("rocket launch"), 5, new VectorSearchOptions<DocumentChunkRecord> { ScoreThreshold = results[1].Score - 1e-6 }).ToListAsync()).Count >= 2);
        await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.SearchAsync(42, 1).ToListAsync());
    }

    [SkippableFact]
    public async Task Hybrid_search_fuses_bm25_and_vectors()
    {
        var collection = await SeededAsync();
        var hybrid = (IKeywordHybridSearchable<DocumentChunkRecord>)collection;
        var results = await hybrid.HybridSearchAsync("tomatoes water", ["tomatoes", "water"], 3).ToListAsync();
        Assert.Equal("garden#0", results[0].Record.Key);

        var filtered = await hybrid.HybridSearchAsync("rocket", ["rocket"], 3, new HybridSearchOptions<DocumentChunkRecord> { Filter = r => r.DocumentId == "zeus" }).ToListAsync();
        Assert.Equal(["zeus#0"], filtered.Select(r => r.Record.Key));
    }

    [SkippableFact]
    public async Task A_condition_checked_on_the_candidates_still_fills_the_page_from_further_down_the_ranking()
    {
        var collection = await CollectionAsync();

        // 40 chunks that match the query best, then 4 weaker ones that alone pass the filter: the first round of
        // candidates (4 × the page) holds none of them.
        await collection.UpsertAsync(Enumerable.Range(0, 40).Select(i => Record("near" + i, 0, "rocket launch")));
        await collection.UpsertAsync(Enumerable.Range(0, 4).Select(i => Record("far" + i, 0, "rocket launch marker tomato soil " + i)));
        var vector = await collection.SearchAsync("rocket launch", 3, new VectorSearchOptions<DocumentChunkRecord> { Filter = r => r.Text.Contains("marker") }).ToListAsync();
        Assert.Equal(3, vector.Count);
        Assert.All(vector, r => Assert.StartsWith("far", r.Record.DocumentId, StringComparison.Ordinal));

        var hybrid = await ((IKeywordHybridSearchable<DocumentChunkRecord>)collection).HybridSearchAsync(
            "rocket launch", ["rocket", "launch"], 3, new HybridSearchOptions<DocumentChunkRecord> { Filter = r => r.Text.Contains("marker") }).ToListAsync();
        Assert.Equal(3, hybrid.Count);

        // A condition nothing passes ends (the store runs out of candidates) with an empty page.
        Assert.Empty(await collection.SearchAsync("rocket launch", 3, new VectorSearchOptions<DocumentChunkRecord> { Filter = r => r.Text.Contains("absent") }).ToListAsync());
    }
}
