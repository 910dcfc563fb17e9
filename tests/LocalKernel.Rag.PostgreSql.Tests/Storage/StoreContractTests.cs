using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>
/// The store contract (<see cref="IDocumentStore"/>), run against every store: a subclass per store supplies the
/// factory. Each test opens real stores; "another handle" is a second store object on the same data, as another
/// process would open it.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private readonly List<IDocumentStore> _opened = [];
    private IStoreFactory? _factory;

    private protected FakeEmbeddingGenerator Embedder { get; } = FakeEmbeddingGenerator.HashingBagOfWords();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            (store as IDisposable)?.Dispose();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    /// <summary>Creates the factory; may skip the test (no server).</summary>
    protected abstract IStoreFactory CreateFactory();

    private protected IStoreFactory Factory => _factory ??= CreateFactory();

    private protected async Task<IDocumentStore> OpenAsync(bool vectors = true) => await OpenAsync(vectors ? Embedder.ModelInfo : null);

    private protected async Task<IDocumentStore> OpenAsync(EmbeddingModelInfo? model)
    {
        var store = await Factory.OpenAsync(model);
        _opened.Add(store);
        return store;
    }

    [SkippableFact]
    public async Task A_written_document_reads_back_with_its_chunks_tags_vectors_and_counts()
    {
        var store = await OpenAsync();
        var chunks = TestData.Chunks("Alpha particles are helium nuclei.", "Beta decay emits electrons.");
        var document = TestData.Document("physics", "/docs/physics.txt", new DocumentTag("topic", "science"), new DocumentTag("topic", "nuclear"));
        await store.UpsertDocumentAsync(document, chunks, TestData.Embed(Embedder, chunks));

        var stored = await store.GetDocumentAsync("physics");
        Assert.NotNull(stored);
        Assert.Equal(("/docs/physics.txt", "text/plain", "hash-physics", "Title of physics"), (stored.SourcePath, stored.ContentType, stored.ContentHash, stored.Title));
        Assert.Equal(2, stored.ChunkCount);
        Assert.True(stored.HasAllVectors);
        Assert.Equal([new DocumentTag("topic", "nuclear"), new DocumentTag("topic", "science")], stored.Tags);
        Assert.Equal(stored.CreatedAt, stored.UpdatedAt);

        var read = await store.GetChunksAsync("physics");
        Assert.Equal(["Alpha particles are helium nuclei.", "Beta decay emits electrons."], read.Select(c => c.Text));
        Assert.Equal([1, 11], read.Select(c => c.LineStart!.Value));
        Assert.Equal([5, 15], read.Select(c => c.LineEnd!.Value));
        Assert.All(read, c => Assert.Null(c.PageStart));

        var vectors = await store.GetVectorsAsync(read.Select(c => c.Key).ToList());
        var expected = PostgresDocumentStore.Normalize(Embedder.EmbedCallback("Beta decay emits electrons."));
        Assert.Equal(expected, vectors[read[1].Key].ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(new StoreStatistics(1, 2, 2), await store.GetStatisticsAsync());
        Assert.Equal(["physics"], (await store.ListDocumentsAsync()).Select(d => d.Id));

        // Another handle (another process) sees the same document.
        var other = await OpenAsync();
        Assert.Equal(stored with { Tags = [] }, (await other.GetDocumentAsync("physics"))! with { Tags = [] });
    }

    [SkippableFact]
    public async Task Upsert_replaces_the_old_chunks_tags_and_vectors_everywhere()
    {
        var store = await OpenAsync();
        var chunks = TestData.Chunks("the walrus sings", "old second chunk", "old third chunk");
        await store.UpsertDocumentAsync(TestData.Document("doc", null, new DocumentTag("v", "1")), chunks, TestData.Embed(Embedder, chunks));
        Assert.NotEmpty(await store.SearchVectorsAsync(Embedder.EmbedCallback("walrus sings"), 3));

        var replacement = TestData.Chunks("the penguin dances");
        await store.UpsertDocumentAsync(TestData.Document("doc", null, new DocumentTag("v", "2")), replacement, TestData.Embed(Embedder, replacement));

        var stored = (await store.GetDocumentAsync("doc"))!;
        Assert.Equal(1, stored.ChunkCount);
        Assert.Equal([new DocumentTag("v", "2")], stored.Tags);
        Assert.Empty(await store.SearchKeywordsAsync("walrus", 10));
        Assert.Single(await store.SearchKeywordsAsync("penguin", 10));
        Assert.Equal(["the penguin dances"], (await store.SearchVectorsAsync(Embedder.EmbedCallback("walrus sings"), 10)).Select(h => h.Chunk.Text));
        Assert.Equal(new StoreStatistics(1, 1, 1), await store.GetStatisticsAsync());
        Assert.Equal(0, await Factory.CountOrphansAsync());
    }

    [SkippableFact]
    public async Task Delete_by_id_and_by_path_remove_documents_from_every_search()
    {
        var store = await OpenAsync();
        await TestData.WriteAsync(store, Embedder, "a", "apples grow on trees");
        await TestData.WriteAsync(store, Embedder, "b", "bananas grow in bunches");
        await TestData.WriteAsync(store, Embedder, "c", "cherries grow in pairs");

        Assert.True(await store.DeleteDocumentAsync("a"));
        Assert.False(await store.DeleteDocumentAsync("a"));
        Assert.Equal(1, await store.DeleteDocumentsByPathAsync("/docs/b.txt"));
        Assert.Equal(0, await store.DeleteDocumentsByPathAsync("/docs/none.txt"));

        Assert.Equal(["c"], (await store.ListDocumentsAsync()).Select(d => d.Id));
        Assert.Equal(["c"], (await store.SearchKeywordsAsync("grow apples bananas cherries", 10)).Select(m => m.Chunk.DocumentId));
        Assert.Equal(["c"], (await store.SearchVectorsAsync(Embedder.EmbedCallback("apples grow"), 10)).Select(m => m.Chunk.DocumentId));
        Assert.Empty(await store.GetChunksAsync("a"));
        Assert.Equal(new StoreStatistics(1, 1, 1), await store.GetStatisticsAsync());
        Assert.Equal(0, await Factory.CountOrphansAsync());
    }

    [SkippableFact]
    public async Task Filters_restrict_both_searches_to_the_documents_they_admit()
    {
        var store = await OpenAsync();
        await Write(store, "atlas-1", "rocket engines burn fuel", new DocumentTag("project", "atlas"), new DocumentTag("year", "2024"));
        await Write(store, "atlas-2", "rocket fuel is cold", new DocumentTag("project", "atlas"), new DocumentTag("year", "2025"));
        await Write(store, "zeus-1", "rocket launch delayed", new DocumentTag("project", "zeus"), new DocumentTag("year", "2025"));

        async Task<string[]> Both(SearchFilter filter)
        {
            var keywords = (await store.SearchKeywordsAsync("rocket", 10, filter)).Select(m => m.Chunk.DocumentId).Order().ToArray();
            var vectors = (await store.SearchVectorsAsync(Embedder.EmbedCallback("rocket"), 10, filter)).Select(m => m.Chunk.DocumentId).Order().ToArray();
            Assert.Equal(keywords, vectors);
            return keywords;
        }

        Assert.Equal(["atlas-1", "atlas-2"], await Both(new SearchFilter { Tags = [new("project", "atlas")] }));

        // Values of one key are alternatives (OR); different keys must all hold (AND).
        Assert.Equal(["atlas-2", "zeus-1"], await Both(new SearchFilter { Tags = [new("year", "2025"), new("year", "1999")] }));
        Assert.Equal(["atlas-2"], await Both(new SearchFilter { Tags = [new("project", "atlas"), new("year", "2025")] }));
        Assert.Equal(["atlas-1", "zeus-1"], await Both(new SearchFilter { DocumentIds = ["atlas-1", "zeus-1", "missing"] }));
        Assert.Equal(["zeus-1"], await Both(new SearchFilter { DocumentIds = ["zeus-1", "atlas-2"], Tags = [new("project", "zeus")] }));
        Assert.Empty(await Both(new SearchFilter { DocumentIds = [] }));
    }

    [SkippableFact]
    public async Task Injection_attempts_in_tag_names_values_ids_and_queries_are_plain_data()
    {
        var store = await OpenAsync();
        string[] hostile =
        [
            "x' OR '1'='1",
            "\"; DROP TABLE documents; --",
            "$1) OR true --",
            "a & b | !c:* <-> d",
            "') OR 1=1; DELETE FROM chunks; --",
            "NEAR(a b) OR \"c\" *",
        ];
        for (int i = 0; i < hostile.Length; i++)
        {
            await Write(store, hostile[i], $"harmless text number{i} about gardens", new DocumentTag(hostile[i], hostile[(i + 1) % hostile.Length]));
        }

        await Write(store, "plain", "gardens need water", new DocumentTag("kind", "plain"));
        for (int i = 0; i < hostile.Length; i++)
        {
            // Each hostile tag matches exactly its own document, and a hostile id only itself.
            var byTag = await store.SearchKeywordsAsync("gardens", 10, new SearchFilter { Tags = [new(hostile[i], hostile[(i + 1) % hostile.Length])] });
            Assert.Equal([hostile[i]], byTag.Select(m => m.Chunk.DocumentId));
            var byId = await store.SearchVectorsAsync(Embedder.EmbedCallback("gardens"), 10, new SearchFilter { DocumentIds = [hostile[i]] });
            Assert.Equal([hostile[i]], byId.Select(m => m.Chunk.DocumentId));

            // Hostile query text is words, never syntax: it runs, and finds only what its words match.
            await store.SearchKeywordsAsync(hostile[i], 10);
            Assert.Equal(hostile[i], (await store.GetDocumentAsync(hostile[i]))!.Id);
        }

        Assert.Empty(await store.SearchKeywordsAsync("gardens", 10, new SearchFilter { Tags = [new("kind", "plain' OR '1'='1")] }));
        Assert.Equal(hostile.Length + 1, (await store.GetStatisticsAsync()).DocumentCount);
        Assert.Equal(hostile.Length + 1, (await store.SearchKeywordsAsync("gardens", 20)).Count);
    }

    [SkippableFact]
    public async Task Keyword_ranking_is_bm25_rare_terms_count_more_and_long_chunks_are_normalised()
    {
        var store = await OpenAsync(vectors: false);
        for (int i = 0; i < 8; i++)
        {
            await TestData.WriteAsync(store, null, $"filler{i}", $"common words appear in every chunk number {i}");
        }

        await TestData.WriteAsync(store, null, "rare", "common words and one zeppelin");
        await TestData.WriteAsync(store, null, "frequent", "common common common words repeated common");
        var ranked = await store.SearchKeywordsAsync("common zeppelin", 10);
        Assert.Equal("rare", ranked[0].Chunk.DocumentId);
        Assert.True(ranked[0].Score > ranked[1].Score);

        // Same term frequency, different lengths: the shorter chunk ranks first.
        await TestData.WriteAsync(store, null, "short", "quasar");
        await TestData.WriteAsync(store, null, "long", "quasar seen beside many other distant faint objects tonight");
        Assert.Equal(["short", "long"], (await store.SearchKeywordsAsync("quasar", 10)).Select(m => m.Chunk.DocumentId));

        // Stemming: an inflected query word finds the base form.
        Assert.Equal(["rare"], (await store.SearchKeywordsAsync("zeppelins", 10)).Select(m => m.Chunk.DocumentId));
        Assert.Empty(await store.SearchKeywordsAsync("the of and", 10));
    }

    [SkippableFact]
    public async Task Hybrid_retrieval_ranks_the_passage_matching_both_words_and_meaning_first()
    {
        var store = await OpenAsync();
        await TestData.WriteAsync(store, Embedder, "migration", "walrus herds migrate north in spring");
        await TestData.WriteAsync(store, Embedder, "diet", "walrus diet is mostly clams");
        await TestData.WriteAsync(store, Embedder, "birds", "geese migrate north in spring");
        await TestData.WriteAsync(store, Embedder, "other", "tax forms are due in april");

        var retriever = new HybridRetriever(store, Embedder);
        var passages = await retriever.RetrieveAsync("walrus migrate north", new RetrievalOptions { Top = 3 });
        Assert.Equal("migration", passages[0].DocumentId);
        Assert.DoesNotContain(passages, p => p.DocumentId == "other");

        var vectorOnly = await retriever.RetrieveAsync("walrus migrate north", new RetrievalOptions { Top = 1, Mode = RetrievalMode.Vector });
        Assert.Equal("migration", vectorOnly[0].DocumentId);
    }

    [SkippableFact]
    public async Task A_different_embedding_model_is_refused_and_the_store_is_left_as_it_was()
    {
        var store = await OpenAsync();
        await TestData.WriteAsync(store, Embedder, "doc", "some text");

        var other = new EmbeddingModelInfo("another-model", 128, "cls");
        var error = await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => OpenAsync(other));
        Assert.Equal(Embedder.ModelInfo, error.StoredModel);
        Assert.Equal(other, error.RequestedModel);

        // Vectors of the wrong size, or none at all, are refused on write.
        var chunks = TestData.Chunks("new text");
        await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => store.UpsertDocumentAsync(TestData.Document("bad"), chunks, [new Embedding<float>(new float[128])]));
        await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => store.UpsertDocumentAsync(TestData.Document("bad"), chunks, null));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertDocumentAsync(TestData.Document("bad"), chunks, TestData.Embed(Embedder, TestData.Chunks("a", "b"))));

        // Opened without a model (keyword search only), the store still knows its model.
        var keywordsOnly = await OpenAsync(vectors: false);
        Assert.Equal(Embedder.ModelInfo, keywordsOnly.EmbeddingModel);
        Assert.Equal(new StoreStatistics(1, 1, 1), await keywordsOnly.GetStatisticsAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => store.SearchVectorsAsync(new float[3], 5));
    }

    [SkippableFact]
    public async Task Readers_never_see_half_a_document_while_another_handle_rewrites_it()
    {
        const int Chunks = 24;
        var writer = await OpenAsync();
        var reader = await OpenAsync();
        await WriteVersion(writer, 0);

        using var stop = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            for (int version = 1; version <= 30; version++)
            {
                await WriteVersion(writer, version);
            }

            await stop.CancelAsync();
        });

        int reads = 0;
        while (!stop.IsCancellationRequested || reads < 5)
        {
            var chunks = await reader.GetChunksAsync("doc");
            Assert.Equal(Chunks, chunks.Count);
            Assert.Single(chunks.Select(c => c.Text.Split(' ')[1]).Distinct());

            var hits = await reader.SearchKeywordsAsync("payload", 100);
            Assert.Equal(Chunks, hits.Count);
            Assert.Single(hits.Select(h => h.Chunk.Text.Split(' ')[1]).Distinct());
            var document = (await reader.GetDocumentAsync("doc"))!;
            Assert.Equal((Chunks, Chunks), (document.ChunkCount, document.VectorCount));
            reads++;
        }

        await writing;
        Assert.Equal(new StoreStatistics(1, Chunks, Chunks), await reader.GetStatisticsAsync());

        Task WriteVersion(IDocumentStore store, int version)
        {
            var chunks = TestData.Chunks(Enumerable.Range(0, Chunks).Select(i => $"version v{version} payload part{i}").ToArray());
            return store.UpsertDocumentAsync(TestData.Document("doc"), chunks, TestData.Embed(Embedder, chunks));
        }
    }

    [SkippableFact]
    public async Task Concurrent_writers_of_the_same_files_end_with_one_document_per_file()
    {
        using var temp = new TempDirectory();
        var docs = Path.Combine(temp.Path, "docs");
        Directory.CreateDirectory(docs);
        for (int i = 0; i < 12; i++)
        {
            File.WriteAllText(Path.Combine(docs, $"file{i:00}.txt"), string.Join("\n\n", Enumerable.Range(0, 1 + (i % 4)).Select(p => $"Paragraph {p} of file {i} about topic{i}.")));
        }

        // Two handles (two processes in production) ingest the same folder at once, twice over.
        var first = await OpenAsync();
        var second = await OpenAsync();
        await Task.WhenAll(
            Ingest(first).IngestDirectoryAsync(docs),
            Ingest(second).IngestDirectoryAsync(docs),
            Ingest(first).IngestDirectoryAsync(docs));

        var documents = await second.ListDocumentsAsync();
        Assert.Equal(12, documents.Count);
        Assert.Equal(12, documents.Select(d => d.SourcePath).Distinct().Count());
        int chunks = Enumerable.Range(0, 12).Sum(i => 1 + (i % 4));
        Assert.Equal(new StoreStatistics(12, chunks, chunks), await first.GetStatisticsAsync());
        Assert.All(documents, d => Assert.True(d.HasAllVectors));
        Assert.Equal(0, await Factory.CountOrphansAsync());

        DocumentIngestor Ingest(IDocumentStore store) => new(store, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, Embedder);
    }

    private Task Write(IDocumentStore store, string id, string text, params DocumentTag[] tags)
    {
        var chunks = TestData.Chunks(text);
        return store.UpsertDocumentAsync(TestData.Document(id, null, tags) with { SourcePath = "/docs/" + id.GetHashCode(StringComparison.Ordinal) }, chunks, TestData.Embed(Embedder, chunks));
    }
}
