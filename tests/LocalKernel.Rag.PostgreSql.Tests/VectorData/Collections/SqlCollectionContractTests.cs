using LocalKernel.Rag.VectorData;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>
/// The application-record collections (<see cref="SqlVectorStoreCollection{TKey, TRecord}"/>): the same tests on
/// SQLite and PostgreSQL — attribute and definition records, CRUD in batches, LINQ filters translated to SQL (hostile
/// values and names included), vector search with thresholds, hybrid search, embedding generation by the store.
/// </summary>
public abstract class SqlCollectionContractTests : IAsyncLifetime
{
    private readonly FakeEmbeddingGenerator _embedder = FakeEmbeddingGenerator.HashingBagOfWords();
    private VectorStore? _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        _store?.Dispose();
        return Task.CompletedTask;
    }

    private protected abstract VectorStore CreateStore(SqlVectorStoreOptions options);

    private VectorStore Store => _store ??= CreateStore(new SqlVectorStoreOptions { EmbeddingGenerator = _embedder });

    private static Hotel Hotel(string id, string name, string description, int rating, double price, bool open, params string[] tags) =>
        new() { Id = id, Name = name, Description = description, Rating = rating, Price = price, Open = open, Tags = [.. tags], Embedding = description };

    private async Task<VectorStoreCollection<string, Hotel>> HotelsAsync()
    {
        var hotels = Store.GetCollection<string, Hotel>("hotels");
        await hotels.EnsureCollectionExistsAsync();
        await hotels.UpsertAsync(
        [
            Hotel("h1", "Harbour View", "rooms over the harbour with a rooftop pool", 5, 310.0, true, "pool", "sea"),
            Hotel("h2", "Old Mill", "quiet rooms in a restored water mill by the river", 4, 120.5, true, "quiet", "river"),
            Hotel("h3", "Station Inn", "budget beds next to the railway station", 2, 45.0, false, "budget"),
            Hotel("h4", "Alpine Lodge", "ski lodge with sauna and mountain views", 4, 220.0, true, "ski", "sauna"),
        ]);
        return hotels;
    }

    private static async Task<List<string>> IdsAsync(VectorStoreCollection<string, Hotel> hotels, System.Linq.Expressions.Expression<Func<Hotel, bool>> filter) =>
        (await hotels.GetAsync(filter, 10).ToListAsync()).Select(h => h.Id).Order().ToList();

    [SkippableFact]
    public async Task Attribute_records_round_trip_are_replaced_and_deleted_in_batches_and_collections_are_managed()
    {
        var hotels = await HotelsAsync();
        Assert.True(await hotels.CollectionExistsAsync());
        Assert.Contains("hotels", await Store.ListCollectionNamesAsync().ToListAsync());

        var renovated = new DateTimeOffset(2024, 5, 1, 12, 30, 0, TimeSpan.FromHours(2));
        var h2 = await hotels.GetAsync("h2");
        Assert.NotNull(h2);
        Assert.Equal(("Old Mill", 4, 120.5, true, "quiet,river", (string?)null), (h2.Name, h2.Rating, h2.Price, h2.Open, string.Join(",", h2.Tags), h2.Note));
        Assert.Null(h2.Embedding);

        h2.Rating = 5;
        h2.Renovated = renovated;
        h2.Note = "it's \"new\"; DROP TABLE hotels; --";
        h2.Embedding = h2.Description;
        await hotels.UpsertAsync(h2);
        var again = await hotels.GetAsync("h2");
        Assert.Equal((5, renovated, h2.Note), (again!.Rating, again.Renovated, again.Note));

        Assert.Equal(["h1", "h3"], (await hotels.GetAsync(["h3", "h1", "missing"]).ToListAsync()).Select(h => h.Id).Order().ToList());
        await hotels.DeleteAsync(["h1", "h3", "missing"]);
        Assert.Null(await hotels.GetAsync("h1"));
        Assert.Equal(["h2", "h4"], await IdsAsync(hotels, h => h.Rating > 0));

        await Store.EnsureCollectionDeletedAsync("hotels");
        Assert.False(await hotels.CollectionExistsAsync());
        Assert.DoesNotContain("hotels", await Store.ListCollectionNamesAsync().ToListAsync());
    }

    [SkippableFact]
    public async Task Linq_filters_become_sql_and_hostile_values_are_plain_data()
    {
        var hotels = await HotelsAsync();
        int minimum = 4;
        string[] names = ["Old Mill", "Station Inn", "x') OR 1=1 --"];
        Assert.Equal(["h1", "h2", "h4"], await IdsAsync(hotels, h => h.Rating >= minimum));
        Assert.Equal(["h3"], await IdsAsync(hotels, h => h.Rating < 3));
        Assert.Equal(["h1", "h4"], await IdsAsync(hotels, h => h.Price > 200 && h.Open));
        Assert.Equal(["h1", "h3"], await IdsAsync(hotels, h => h.Rating == 5 || !h.Open));
        Assert.Equal(["h1", "h2", "h4"], await IdsAsync(hotels, h => h.Name != "Station Inn"));
        Assert.Equal(["h2", "h4"], await IdsAsync(hotels, h => !(h.Rating == 5) && h.Open));
        Assert.Equal(["h4"], await IdsAsync(hotels, h => h.Tags.Contains("sauna")));
        Assert.Equal(["h2", "h3"], await IdsAsync(hotels, h => names.Contains(h.Name)));
        Assert.Equal(["h1", "h2", "h3", "h4"], await IdsAsync(hotels, h => h.Note == null));

        // Hostile values: each is compared as a value, so nothing matches and nothing breaks.
        Assert.Empty(await IdsAsync(hotels, h => h.Name == "x' OR '1'='1"));
        Assert.Empty(await IdsAsync(hotels, h => h.Tags.Contains("\"]') OR 1=1; DROP TABLE hotels; --")));
        Assert.Empty(await IdsAsync(hotels, h => h.Name == "Harbour View\" OR \"\"=\""));

        // Order, paging: in SQL.
        var page = await hotels.GetAsync(h => h.Open, 2, new FilteredRecordRetrievalOptions<Hotel> { Skip = 1, OrderBy = o => o.Descending(h => h.Price) }).ToListAsync();
        Assert.Equal(["h4", "h2"], page.Select(h => h.Id));

        // What SQL cannot say is refused, not evaluated in memory.
        await Assert.ThrowsAsync<NotSupportedException>(async () => await hotels.GetAsync(h => h.Name.StartsWith('H'), 10).ToListAsync());
        Assert.Equal(4, (await hotels.GetAsync(h => true, 10).ToListAsync()).Count);
    }

    [SkippableFact]
    public async Task Vector_search_embeds_text_queries_filters_pages_and_honours_the_score_threshold()
    {
        var hotels = await HotelsAsync();
        var best = await hotels.SearchAsync("sauna and ski lodge in the mountain", 2, new VectorSearchOptions<Hotel> { IncludeVectors = true }).ToListAsync();
        Assert.Equal("h4", best[0].Record.Id);
        Assert.True(best[0].Score > best[1].Score);
        Assert.Null(best[0].Record.Embedding);

        var filtered = await hotels.SearchAsync("sauna and ski lodge in the mountain", 4, new VectorSearchOptions<Hotel> { Filter = h => h.Rating < 4 }).ToListAsync();
        Assert.Equal(["h3"], filtered.Select(r => r.Record.Id));

        var skipped = await hotels.SearchAsync("sauna and ski lodge in the mountain", 1, new VectorSearchOptions<Hotel> { Skip = 1 }).ToListAsync();
        Assert.Equal(best[1].Record.Id, skipped[0].Record.Id);

        // Cosine similarity: the threshold keeps results at or above it.
        var strict = await hotels.SearchAsync("sauna and ski lodge in the mountain", 4, new VectorSearchOptions<Hotel> { ScoreThreshold = (best[0].Score + best[1].Score) / 2 }).ToListAsync();
        Assert.Equal(["h4"], strict.Select(r => r.Record.Id));
    }

    [SkippableFact]
    public async Task Hybrid_search_fuses_bm25_and_vector_rankings()
    {
        var hotels = await HotelsAsync();
        var searchable = Assert.IsAssignableFrom<IKeywordHybridSearchable<Hotel>>(hotels);

        // Words only one description has ("railway") lift it, though the vector query points elsewhere.
        var results = await searchable.HybridSearchAsync("rooms by the river", ["railway", "station"], 4).ToListAsync();
        Assert.Equal(["h3", "h2"], results.Take(2).Select(r => r.Record.Id));
        Assert.All(results, r => Assert.InRange(r.Score!.Value, 0, 2.0 / 61));

        var filtered = await searchable.HybridSearchAsync("rooms by the river", ["railway"], 4, new HybridSearchOptions<Hotel> { Filter = h => h.Open }).ToListAsync();
        Assert.DoesNotContain(filtered, r => r.Record.Id == "h3");
        Assert.Equal("h2", filtered[0].Record.Id);
    }

    [SkippableFact]
    public async Task A_definition_shapes_a_plain_class_with_generated_guid_keys_and_euclidean_distance()
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(Point.Key), typeof(Guid)) { IsAutoGenerated = true },
                new VectorStoreDataProperty(nameof(Point.Label), typeof(string)) { IsIndexed = true, StorageName = "la\"bel; DROP TABLE points; --" },
                new VectorStoreVectorProperty(nameof(Point.Position), typeof(ReadOnlyMemory<float>?), 3) { DistanceFunction = DistanceFunction.EuclideanDistance, IndexKind = IndexKind.Flat },
            ],
        };
        var points = Store.GetCollection<Guid, Point>("points", definition);
        await points.EnsureCollectionExistsAsync();
        var origin = new Point { Label = "origin", Position = new float[] { 0, 0, 0 } };
        var far = new Point { Label = "far", Position = new float[] { 10, 0, 0 } };
        await points.UpsertAsync([origin, far, new Point { Label = "nowhere" }]);
        Assert.NotEqual(Guid.Empty, origin.Key);

        var near = await points.SearchAsync(new float[] { 1, 0, 0 }, 3, new VectorSearchOptions<Point> { IncludeVectors = true }).ToListAsync();
        Assert.Equal(["origin", "far"], near.Select(r => r.Record.Label));
        Assert.Equal(1.0, near[0].Score!.Value, 3);
        Assert.Equal([0f, 0f, 0f], near[0].Record.Position!.Value.ToArray());

        // Distances: the threshold keeps results at or below it.
        var close = await points.SearchAsync(new float[] { 1, 0, 0 }, 3, new VectorSearchOptions<Point> { ScoreThreshold = 5 }).ToListAsync();
        Assert.Equal(["origin"], close.Select(r => r.Record.Label));
        Assert.Equal(["far"], (await points.GetAsync(p => p.Label == "far", 5).ToListAsync()).Select(p => p.Label));

        // The same shape as dictionaries.
        var dynamic = Store.GetDynamicCollection("points", definition);
        var row = await dynamic.GetAsync(origin.Key);
        Assert.Equal("origin", row!["Label"]);
        Assert.Equal(["far"], (await dynamic.GetAsync(r => (string)r["Label"]! == "far", 5).ToListAsync()).Select(r => (string)r["Label"]!));
    }

    [SkippableFact]
    public async Task Semantic_Kernel_text_search_reads_the_collection()
    {
        var hotels = await HotelsAsync();
#pragma warning disable SKEXP0001, CS0618 // the text-search surface is marked experimental (and partly superseded) in Semantic Kernel 1.82
        var search = new Microsoft.SemanticKernel.Data.VectorStoreTextSearch<Hotel>(hotels, new Microsoft.SemanticKernel.Data.TextSearchStringMapper(r => ((Hotel)r).Description));
        var texts = new List<string>();
        await foreach (var text in (await search.SearchAsync("sauna and ski lodge", new Microsoft.SemanticKernel.Data.TextSearchOptions { Top = 1 })).Results)
#pragma warning restore SKEXP0001, CS0618
        {
            texts.Add(text);
        }

        Assert.Equal(["ski lodge with sauna and mountain views"], texts);
    }

    [SkippableFact]
    public async Task Agent_Framework_chat_history_memory_keeps_and_recalls_conversations_through_the_store()
    {
        using var memory = new ChatHistoryMemoryProvider(Store, "chat_memory", _embedder.Dimensions,
            _ => new ChatHistoryMemoryProvider.State(new ChatHistoryMemoryProviderScope { UserId = "ada" }, new ChatHistoryMemoryProviderScope { UserId = "ada" }));
        var model = new ScriptedChatClient();
        var agent = new ChatClientBuilder(model).BuildAIAgent(new ChatClientAgentOptions { AIContextProviders = [memory] });

        await agent.RunAsync("My favourite colour is teal and I keep bees.");
        await agent.RunAsync("Which colour do I like?");

        // The second conversation (a new session) reaches the model with the first one recalled from the store.
        var sent = string.Join("\n", model.Requests[^1].Select(m => m.Text));
        Assert.Contains("teal", sent, StringComparison.Ordinal);
        Assert.Contains("chat_memory", await Store.ListCollectionNamesAsync().ToListAsync());
    }

    [SkippableFact]
    public async Task Hostile_collection_names_and_unsupported_shapes_are_refused_with_clear_errors()
    {
        Assert.Throws<ArgumentException>(() => Store.GetCollection<string, Hotel>("hotels\"; DROP TABLE x; --"));
        Assert.Throws<ArgumentException>(() => Store.GetCollection<string, Hotel>("__internal"));
        var hotels = await HotelsAsync();
        await Assert.ThrowsAsync<ArgumentException>(async () => await hotels.SearchAsync(new float[] { 1, 2, 3 }, 1).ToListAsync());
        Assert.Equal(4, (await hotels.GetAsync(h => true, 10).ToListAsync()).Count);
    }
}
