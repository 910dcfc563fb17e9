using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Tests;

public sealed class SqliteDocumentStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeEmbeddingGenerator _embedder = FakeEmbeddingGenerator.HashingBagOfWords();

    public void Dispose() => _temp.Dispose();

    private SqliteDocumentStore Open(EmbeddingModelInfo? model = null, string name = "store.db") =>
        SqliteDocumentStore.Open(_temp.File(name), model);

    [Fact]
    public async Task A_written_document_reads_back_with_its_chunks_tags_and_counts()
    {
        using var store = Open(_embedder.ModelInfo);
        var chunks = TestData.Chunks("Alpha particles are helium nuclei.", "Beta decay emits electrons.");
        var document = TestData.Document("physics", "/docs/physics.txt", new DocumentTag("topic", "science"), new DocumentTag("topic", "nuclear"));
        await store.UpsertDocumentAsync(document, chunks, TestData.Embed(_embedder, chunks));

        var stored = await store.GetDocumentAsync("physics");
        Assert.NotNull(stored);
        Assert.Equal("/docs/physics.txt", stored.SourcePath);
        Assert.Equal("hash-physics", stored.ContentHash);
        Assert.Equal("Title of physics", stored.Title);
        Assert.Equal(2, stored.ChunkCount);
        Assert.True(stored.HasAllVectors);
        Assert.Equal([new DocumentTag("topic", "nuclear"), new DocumentTag("topic", "science")], stored.Tags);
        Assert.Equal(stored.CreatedAt, stored.UpdatedAt);

        var read = await store.GetChunksAsync("physics");
        Assert.Equal(["Alpha particles are helium nuclei.", "Beta decay emits electrons."], read.Select(c => c.Text));
        Assert.Equal([1, 11], read.Select(c => c.LineStart!.Value));
        Assert.Equal(new StoreStatistics(1, 2, 2), await store.GetStatisticsAsync());
    }

    [Fact]
    public async Task Upsert_replaces_the_old_chunks_in_sql_in_keyword_search_and_in_vector_search()
    {
        using var store = Open(_embedder.ModelInfo);
        await TestData.WriteAsync(store, _embedder, "doc", "the walrus sings", "old second chunk", "old third chunk");

        // Load the in-memory matrix before the replacement, so the test covers keeping it in step.
        Assert.NotEmpty(await store.SearchVectorsAsync(_embedder.EmbedCallback("walrus sings"), 3));

        await TestData.WriteAsync(store, _embedder, "doc", "the penguin dances");

        Assert.Equal(1, (await store.GetDocumentAsync("doc"))!.ChunkCount);
        Assert.Empty(await store.SearchKeywordsAsync("walrus", 10));
        Assert.Single(await store.SearchKeywordsAsync("penguin", 10));
        var vectorHits = await store.SearchVectorsAsync(_embedder.EmbedCallback("walrus sings"), 10);
        Assert.Equal(["the penguin dances"], vectorHits.Select(h => h.Chunk.Text));
        Assert.Equal(new StoreStatistics(1, 1, 1), await store.GetStatisticsAsync());
    }

    [Fact]
    public async Task Delete_by_id_and_by_path_remove_documents_everywhere()
    {
        using var store = Open(_embedder.ModelInfo);
        await TestData.WriteAsync(store, _embedder, "a", "apples grow on trees");
        await TestData.WriteAsync(store, _embedder, "b", "bananas grow on plants");
        Assert.Equal(2, (await store.SearchVectorsAsync(_embedder.EmbedCallback("grow"), 10)).Count);

        Assert.True(await store.DeleteDocumentAsync("a"));
        Assert.False(await store.DeleteDocumentAsync("a"));
        Assert.Equal(1, await store.DeleteDocumentsByPathAsync("/docs/b.txt"));

        Assert.Empty(await store.ListDocumentsAsync());
        Assert.Empty(await store.SearchKeywordsAsync("grow", 10));
        Assert.Empty(await store.SearchVectorsAsync(_embedder.EmbedCallback("grow"), 10));
        Assert.Equal(new StoreStatistics(0, 0, 0), await store.GetStatisticsAsync());
    }

    [Fact]
    public async Task A_failing_write_leaves_the_previous_version_whole()
    {
        using var store = Open();
        await TestData.WriteAsync(store, null, "doc", "first version one", "first version two");

        // Two chunks with the same index violate a constraint half-way through the transaction.
        var broken = new[] { new DocumentChunk(0, "second version", [], 2), new DocumentChunk(0, "duplicate index", [], 2) };
        await Assert.ThrowsAsync<SqliteException>(() => store.UpsertDocumentAsync(TestData.Document("doc"), broken, null));

        Assert.Equal(["first version one", "first version two"], (await store.GetChunksAsync("doc")).Select(c => c.Text));
        Assert.Equal(2, (await store.SearchKeywordsAsync("first", 10)).Count);
        Assert.Empty(await store.SearchKeywordsAsync("second", 10));
    }

    [Fact]
    public async Task Readers_on_other_connections_never_see_a_partly_written_document()
    {
        using var store = Open();
        const int chunksPerDocument = 40;
        var texts = Enumerable.Range(0, chunksPerDocument).Select(i => $"chunk {i} of many").ToArray();
        using var stop = new CancellationTokenSource();
        var observedCounts = new HashSet<long>();
        int reads = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            using var connection = new SqliteConnection($"Data Source={store.Path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(c.chunk_key) FROM documents d LEFT JOIN chunks c ON c.document_key = d.doc_key GROUP BY d.doc_key";
            started.SetResult();
            bool last = false;
            while (!last)
            {
                // One more read after the writer is done, so the reader always sees something.
                last = stop.IsCancellationRequested;
                using var r = command.ExecuteReader();
                while (r.Read())
                {
                    observedCounts.Add(r.GetInt64(0));
                }

                reads++;
            }
        });

        await started.Task;
        for (int i = 0; i < 60; i++)
        {
            await TestData.WriteAsync(store, null, "doc" + (i % 7), texts);
        }

        await stop.CancelAsync();
        await reader;
        Assert.True(reads > 1);
        Assert.Equal([chunksPerDocument], observedCounts);
    }

    [Fact]
    public async Task A_store_made_with_another_model_is_refused_and_left_untouched()
    {
        var path = _temp.File("store.db");
        using (var store = SqliteDocumentStore.Open(path, _embedder.ModelInfo))
        {
            await TestData.WriteAsync(store, _embedder, "doc", "some text");
        }

        var before = await File.ReadAllBytesAsync(path);
        var other = new EmbeddingModelInfo("other-model", 384, "cls", true);
        var error = Assert.Throws<EmbeddingModelMismatchException>(() => SqliteDocumentStore.Open(path, other));

        Assert.Equal(_embedder.ModelInfo, error.StoredModel);
        Assert.Equal(other, error.RequestedModel);
        Assert.Contains("hashing-bow", error.Message, StringComparison.Ordinal);
        Assert.Contains("other-model", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.False(File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0);

        using var reopened = SqliteDocumentStore.Open(path, _embedder.ModelInfo);
        Assert.Equal(new StoreStatistics(1, 1, 1), await reopened.GetStatisticsAsync());
    }

    [Fact]
    public async Task Vectors_of_another_model_or_missing_vectors_are_refused_and_nothing_is_written()
    {
        using var store = Open(_embedder.ModelInfo);
        var chunks = TestData.Chunks("text");

        var wrongDimensions = new[] { new Embedding<float>(new float[17]) { ModelId = _embedder.ModelId } };
        await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => store.UpsertDocumentAsync(TestData.Document("a"), chunks, wrongDimensions));

        var wrongModel = new[] { new Embedding<float>(new float[_embedder.Dimensions]) { ModelId = "another-model" } };
        await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => store.UpsertDocumentAsync(TestData.Document("a"), chunks, wrongModel));

        await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => store.UpsertDocumentAsync(TestData.Document("a"), chunks, null));
        Assert.Equal(new StoreStatistics(0, 0, 0), await store.GetStatisticsAsync());
    }

    [Fact]
    public async Task A_keyword_only_store_takes_documents_without_vectors_and_refuses_vector_search()
    {
        using var store = Open();
        await TestData.WriteAsync(store, null, "doc", "keyword only");
        Assert.Null(store.EmbeddingModel);
        Assert.Single(await store.SearchKeywordsAsync("keyword", 5));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SearchVectorsAsync(new float[8], 5));
    }

    [Fact]
    public void Files_that_are_not_stores_are_refused_without_being_modified()
    {
        var text = _temp.Write("notes.db", "this is not a database at all, just some text that is long enough to have a header");
        Assert.Throws<InvalidDataException>(() => SqliteDocumentStore.Open(text));

        var foreign = _temp.File("foreign.db");
        using (var connection = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('Ada');";
            command.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(foreign);
        Assert.Throws<InvalidDataException>(() => SqliteDocumentStore.Open(foreign));
        Assert.Equal(before, File.ReadAllBytes(foreign));
    }

    [Theory]
    [InlineData("walrus AND NOT")]
    [InlineData("\"walrus")]
    [InlineData("walrus* OR (penguin")]
    [InlineData("text: walrus ^ NEAR(a b)")]
    [InlineData("-walrus +{x}")]
    public async Task Keyword_queries_with_fts5_syntax_are_taken_as_plain_words(string query)
    {
        using var store = Open();
        await TestData.WriteAsync(store, null, "doc", "The walrus lives in the Arctic.");
        var hits = await store.SearchKeywordsAsync(query, 5);
        Assert.Single(hits);
    }

    [Fact]
    public async Task Keyword_search_stems_folds_accents_and_ignores_stop_words()
    {
        using var store = Open();
        await TestData.WriteAsync(store, null, "doc", "Running a café near the harbour.");
        Assert.Single(await store.SearchKeywordsAsync("runs", 5));
        Assert.Single(await store.SearchKeywordsAsync("CAFE", 5));
        Assert.Empty(await store.SearchKeywordsAsync("what is the", 5));
    }

    [Fact]
    public async Task Titles_and_breadcrumbs_are_searchable()
    {
        using var store = Open();
        var chunk = new DocumentChunk(0, "Set the flag before starting.", ["Installation", "GPU drivers"], 6);
        await store.UpsertDocumentAsync(TestData.Document("guide"), [chunk], null);
        Assert.Single(await store.SearchKeywordsAsync("drivers", 5));
        Assert.Single(await store.SearchKeywordsAsync("title", 5));
    }

    [Fact]
    public async Task Filters_restrict_keyword_and_vector_search_by_tags_and_ids()
    {
        using var store = Open(_embedder.ModelInfo);
        async Task Write(string id, string text, params DocumentTag[] tags)
        {
            var chunks = TestData.Chunks(text);
            await store.UpsertDocumentAsync(TestData.Document(id, null, tags), chunks, TestData.Embed(_embedder, chunks));
        }

        await Write("a", "shared words here", new DocumentTag("team", "red"), new DocumentTag("year", "2024"));
        await Write("b", "shared words here", new DocumentTag("team", "blue"), new DocumentTag("year", "2024"));
        await Write("c", "shared words here", new DocumentTag("team", "green"), new DocumentTag("year", "2023"));
        var query = _embedder.EmbedCallback("shared words");

        async Task<string[]> Both(SearchFilter filter)
        {
            var keyword = (await store.SearchKeywordsAsync("shared words", 10, filter)).Select(m => m.Chunk.DocumentId).Order().ToArray();
            var vector = (await store.SearchVectorsAsync(query, 10, filter)).Select(m => m.Chunk.DocumentId).Order().ToArray();
            Assert.Equal(keyword, vector);
            return keyword;
        }

        Assert.Equal(["a", "b"], await Both(new SearchFilter { Tags = [new("year", "2024")] }));
        Assert.Equal(["a", "c"], await Both(new SearchFilter { Tags = [new("team", "red"), new("team", "green")] }));
        Assert.Equal(["a"], await Both(new SearchFilter { Tags = [new("team", "red"), new("team", "green"), new("year", "2024")] }));
        Assert.Equal(["b", "c"], await Both(new SearchFilter { DocumentIds = ["b", "c", "missing"] }));
        Assert.Equal(["b"], await Both(new SearchFilter { DocumentIds = ["b", "c"], Tags = [new("year", "2024")] }));
        Assert.Empty(await Both(new SearchFilter { Tags = [new("team", "purple")] }));
    }

    [Fact]
    public async Task Vector_search_sees_writes_made_through_another_store_instance()
    {
        var path = _temp.File("shared.db");
        using var reader = SqliteDocumentStore.Open(path, _embedder.ModelInfo);
        using var writer = SqliteDocumentStore.Open(path, _embedder.ModelInfo);
        await TestData.WriteAsync(writer, _embedder, "first", "orange cats sleep");
        Assert.Single(await reader.SearchVectorsAsync(_embedder.EmbedCallback("orange cats"), 5));

        await TestData.WriteAsync(writer, _embedder, "second", "orange cats purr");
        await writer.DeleteDocumentAsync("first");
        var hits = await reader.SearchVectorsAsync(_embedder.EmbedCallback("orange cats"), 5);
        Assert.Equal(["second"], hits.Select(h => h.Chunk.DocumentId));
    }

    [Fact]
    public async Task Disposing_the_store_closes_the_file()
    {
        var path = _temp.File("closed.db");
        var store = SqliteDocumentStore.Open(path, _embedder.ModelInfo);
        await TestData.WriteAsync(store, _embedder, "doc", "text");
        await store.SearchKeywordsAsync("text", 1);
        store.Dispose();

        // SQLite removes the write-ahead log when the last connection closes.
        Assert.False(File.Exists(path + "-wal"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.SearchKeywordsAsync("text", 1));
    }
}
