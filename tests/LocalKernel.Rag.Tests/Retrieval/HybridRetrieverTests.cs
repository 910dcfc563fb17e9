namespace LocalKernel.Rag.Tests;

public sealed class HybridRetrieverTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>An embedder whose vectors are set by hand: direction 0 means "money earned", 1 "accounting rules", 2 "tables", 3 "weather".</summary>
    private static FakeEmbeddingGenerator ConceptEmbedder(Dictionary<string, float[]> vectors) =>
        new("concepts", 4, text => vectors.TryGetValue(text, out var v) ? v : [0, 0, 0, 1]);

    [Fact]
    public async Task Hybrid_finds_a_keyword_match_and_a_paraphrase_that_each_retriever_alone_misses()
    {
        const string keywordOnly = "Quarterly revenue table for 2023, all regions.";
        const string paraphrase = "How much money the company earned in each three-month period.";
        const string keywordDecoy = "Revenue recognition policy for subscriptions.";
        const string vectorDecoy = "Earnings were discussed at the annual meeting.";
        const string query = "quarterly revenue figures";
        var embedder = ConceptEmbedder(new()
        {
            [query] = [1, 0, 0, 0],
            [keywordOnly] = [0, 0.3f, 1, 0],
            [paraphrase] = [1, 0, 0, 0],
            [keywordDecoy] = [0, 1, 0, 0],
            [vectorDecoy] = [0.8f, 0, 0, 0.6f],
        });
        using var store = SqliteDocumentStore.Open(_temp.File("s.db"), embedder.ModelInfo);
        foreach (var (id, text) in new[] { ("table", keywordOnly), ("paraphrase", paraphrase), ("policy", keywordDecoy), ("meeting", vectorDecoy), ("weather", "It rained all week.") })
        {
            await TestData.WriteAsync(store, embedder, id, text);
        }

        var retriever = new HybridRetriever(store, embedder);
        var two = new RetrievalOptions { Top = 2, CandidateCount = 2 };

        var keyword = await retriever.RetrieveAsync(query, new RetrievalOptions { Top = 2, Mode = RetrievalMode.Keyword });
        var vector = await retriever.RetrieveAsync(query, new RetrievalOptions { Top = 2, Mode = RetrievalMode.Vector });
        var hybrid = await retriever.RetrieveAsync(query, two);

        Assert.DoesNotContain(keyword, p => p.DocumentId == "paraphrase");
        Assert.DoesNotContain(vector, p => p.DocumentId == "table");
        Assert.Equal(["paraphrase", "table"], hybrid.Select(p => p.DocumentId).Order());
        Assert.Equal(RetrieverKinds.Keyword, hybrid.Single(p => p.DocumentId == "table").FoundBy);
        Assert.Equal(RetrieverKinds.Vector, hybrid.Single(p => p.DocumentId == "paraphrase").FoundBy);
        Assert.All(hybrid, p => Assert.Equal(1.0 / 61, p.Score, 9));
    }

    [Fact]
    public async Task A_passage_both_retrievers_find_ranks_first_with_both_scores()
    {
        var embedder = FakeEmbeddingGenerator.HashingBagOfWords();
        using var store = SqliteDocumentStore.Open(_temp.File("s.db"), embedder.ModelInfo);
        await TestData.WriteAsync(store, embedder, "both", "solar panels convert sunlight into electricity");
        await TestData.WriteAsync(store, embedder, "other", "wind turbines convert wind into electricity");
        await TestData.WriteAsync(store, embedder, "far", "bread needs flour water and salt");

        var passages = await new HybridRetriever(store, embedder).RetrieveAsync("solar sunlight panels", new RetrievalOptions { Top = 3 });

        var first = passages[0];
        Assert.Equal("both", first.DocumentId);
        Assert.Equal(RetrieverKinds.Keyword | RetrieverKinds.Vector, first.FoundBy);
        Assert.True(first.KeywordScore > 0);
        Assert.True(first.VectorScore > 0.5);
        Assert.Equal((1.0 / 61) + (1.0 / 61), first.Score, 9);
        Assert.Equal("/docs/both.txt", first.SourcePath);
        Assert.Equal("lines 1–5", first.Location);
    }

    [Fact]
    public async Task Without_an_embedding_generator_retrieval_is_bm25_alone()
    {
        using var store = SqliteDocumentStore.Open(_temp.File("s.db"));
        await TestData.WriteAsync(store, null, "a", "the lighthouse keeper logs every ship");
        await TestData.WriteAsync(store, null, "b", "ships pass the lighthouse at night", "unrelated text about gardening");
        var retriever = new HybridRetriever(store);

        var passages = await retriever.RetrieveAsync("lighthouse ships");

        Assert.False(retriever.CanSearchVectors);
        Assert.Equal(2, passages.Count);
        Assert.All(passages, p => Assert.Equal(RetrieverKinds.Keyword, p.FoundBy));
        Assert.All(passages, p => Assert.Equal(p.KeywordScore, p.Score));
        await Assert.ThrowsAsync<InvalidOperationException>(() => retriever.RetrieveAsync("x", new RetrievalOptions { Mode = RetrievalMode.Vector }));
    }

    [Fact]
    public async Task Filters_apply_to_both_retrievers()
    {
        var embedder = FakeEmbeddingGenerator.HashingBagOfWords();
        using var store = SqliteDocumentStore.Open(_temp.File("s.db"), embedder.ModelInfo);
        foreach (var (id, team) in new[] { ("a", "red"), ("b", "blue") })
        {
            var chunks = TestData.Chunks("release checklist for the mobile app");
            await store.UpsertDocumentAsync(TestData.Document(id, null, new DocumentTag("team", team)), chunks, TestData.Embed(embedder, chunks));
        }

        var passages = await new HybridRetriever(store, embedder).RetrieveAsync("release checklist", new RetrievalOptions
        {
            Filter = new SearchFilter { Tags = [new DocumentTag("team", "blue")] },
        });

        Assert.Equal("b", Assert.Single(passages).DocumentId);
        Assert.Equal(RetrieverKinds.Keyword | RetrieverKinds.Vector, passages[0].FoundBy);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Mmr_trades_a_near_duplicate_for_a_different_relevant_passage(bool withVectors)
    {
        var embedder = FakeEmbeddingGenerator.HashingBagOfWords();
        using var store = SqliteDocumentStore.Open(_temp.File("s.db"), withVectors ? embedder.ModelInfo : null);
        var writer = withVectors ? embedder : null;
        await TestData.WriteAsync(store, writer, "copy1", "backup the database every night to the offsite server");
        await TestData.WriteAsync(store, writer, "copy2", "backup the database every night to the offsite server please");
        await TestData.WriteAsync(store, writer, "other", "restore a database backup by stopping the service first");
        var retriever = new HybridRetriever(store, writer);

        var plain = await retriever.RetrieveAsync("database backup every night", new RetrievalOptions { Top = 2 });
        var diverse = await retriever.RetrieveAsync("database backup every night", new RetrievalOptions { Top = 2, MmrLambda = 0.5 });

        Assert.Equal(["copy1", "copy2"], plain.Select(p => p.DocumentId).Order());
        Assert.Contains(diverse, p => p.DocumentId == "other");
        Assert.Contains(diverse, p => p.DocumentId.StartsWith("copy", StringComparison.Ordinal));
    }
}
