namespace LocalKernel.Rag.Tests;

public sealed class DocumentIngestorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeEmbeddingGenerator _embedder = FakeEmbeddingGenerator.HashingBagOfWords();

    public void Dispose() => _temp.Dispose();

    private string Docs => Path.Combine(_temp.Path, "docs");

    private SqliteDocumentStore OpenStore(bool vectors = true) => SqliteDocumentStore.Open(_temp.File("store.db"), vectors ? _embedder.ModelInfo : null);

    private DocumentIngestor Ingestor(IDocumentStore store, bool vectors = true, int batchSize = 4) =>
        new(store, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, vectors ? _embedder : null, new DocumentIngestorOptions { EmbeddingBatchSize = batchSize, MaxParallelExtractions = 2 });

    private string WriteDoc(string name, params string[] paragraphs) =>
        _temp.Write(Path.Combine("docs", name), "# " + name + "\n\n" + string.Join("\n\n", paragraphs) + "\n");

    [Fact]
    public async Task A_first_run_adds_every_file_and_reports_progress()
    {
        WriteDoc("a.txt", "alpha one", "alpha two", "alpha three");
        WriteDoc("b.txt", "beta one");
        WriteDoc("sub/c.txt", "gamma one", "gamma two");
        _temp.Write("docs/ignored.bin", "not a text file");
        using var store = OpenStore();
        var reports = new List<IngestionProgress>();

        var results = await Ingestor(store).IngestDirectoryAsync(Docs, progress: new SynchronousProgress(reports.Add));

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(IngestionStatus.Added, r.Status));
        Assert.Equal([3, 1, 2], results.Select(r => r.ChunkCount));
        Assert.Equal(new StoreStatistics(3, 6, 6), await store.GetStatisticsAsync());
        Assert.Equal(new IngestionProgress(3, 3, 6, 6), reports.MaxBy(r => (r.FilesCompleted, r.ChunksStored, r.EmbeddingsGenerated)));
        Assert.Equal(Path.Combine(Docs, "a.txt"), (await store.GetDocumentAsync(Path.Combine(Docs, "a.txt")))!.SourcePath);
        Assert.Equal("a.txt", (await store.GetDocumentAsync(Path.Combine(Docs, "a.txt")))!.Title);
    }

    [Fact]
    public async Task Chunks_of_several_files_share_embedding_batches_of_the_configured_size()
    {
        for (int i = 0; i < 10; i++)
        {
            WriteDoc($"d{i}.txt", $"paragraph number {i}");
        }

        using var store = OpenStore();
        await Ingestor(store, batchSize: 4).IngestDirectoryAsync(Docs);

        Assert.Equal([4, 4, 2], _embedder.BatchSizes);
        Assert.Equal(10, (await store.GetStatisticsAsync()).VectorCount);
    }

    [Fact]
    public async Task A_second_run_over_unchanged_files_does_nothing()
    {
        WriteDoc("a.txt", "alpha one", "alpha two");
        WriteDoc("b.txt", "beta one");
        using var store = OpenStore();
        var ingestor = Ingestor(store);
        await ingestor.IngestDirectoryAsync(Docs);
        var before = (await store.ListDocumentsAsync()).Select(d => (d.Id, d.ContentHash, d.UpdatedAt, d.ChunkCount)).ToList();
        int embedded = _embedder.TextsEmbedded;

        var results = await ingestor.IngestDirectoryAsync(Docs);

        Assert.All(results, r => Assert.Equal(IngestionStatus.Unchanged, r.Status));
        Assert.Equal([2, 1], results.Select(r => r.ChunkCount));
        Assert.Equal(embedded, _embedder.TextsEmbedded);
        Assert.Equal(before, (await store.ListDocumentsAsync()).Select(d => (d.Id, d.ContentHash, d.UpdatedAt, d.ChunkCount)));
    }

    [Fact]
    public async Task A_changed_file_has_its_chunks_replaced_and_only_new_text_embedded()
    {
        var path = WriteDoc("a.txt", "alpha one", "alpha two", "alpha three");
        WriteDoc("b.txt", "beta one");
        using var store = OpenStore();
        var ingestor = Ingestor(store);
        await ingestor.IngestDirectoryAsync(Docs);
        int embedded = _embedder.TextsEmbedded;

        WriteDoc("a.txt", "alpha one", "alpha TWO rewritten", "alpha three", "alpha four");
        var results = await ingestor.IngestDirectoryAsync(Docs);

        Assert.Equal(IngestionStatus.Updated, results.Single(r => r.SourcePath == path).Status);
        Assert.Equal(IngestionStatus.Unchanged, results.Single(r => r.SourcePath != path).Status);
        Assert.Equal(["alpha one", "alpha TWO rewritten", "alpha three", "alpha four"], (await store.GetChunksAsync(path)).Select(c => c.Text));
        Assert.Equal(embedded + 2, _embedder.TextsEmbedded);
        Assert.Empty(await store.SearchKeywordsAsync("two", 10, new SearchFilter { DocumentIds = [path] }).ContinueWith(t => t.Result.Where(m => m.Chunk.Text == "alpha two").ToList()));
        var doc = (await store.GetDocumentAsync(path))!;
        Assert.Equal(4, doc.VectorCount);
    }

    [Fact]
    public async Task A_removed_file_has_its_document_deleted()
    {
        WriteDoc("a.txt", "alpha one");
        var gone = WriteDoc("sub/b.txt", "beta one");
        using var store = OpenStore();
        var ingestor = Ingestor(store);
        await ingestor.IngestDirectoryAsync(Docs);

        File.Delete(gone);
        var results = await ingestor.IngestDirectoryAsync(Docs);

        var removed = Assert.Single(results, r => r.Status == IngestionStatus.Removed);
        Assert.Equal(gone, removed.SourcePath);
        Assert.Null(await store.GetDocumentAsync(gone));
        Assert.Equal(new StoreStatistics(1, 1, 1), await store.GetStatisticsAsync());

        var single = WriteDoc("c.txt", "gamma");
        await ingestor.IngestAsync([new IngestionSource(single)]);
        Assert.Single(await ingestor.RemoveAsync(single));
        Assert.Null(await store.GetDocumentAsync(single));
    }

    [Fact]
    public async Task A_failing_file_is_reported_and_does_not_stop_the_others_or_lose_its_previous_version()
    {
        var flaky = WriteDoc("flaky.txt", "first good version");
        WriteDoc("good.txt", "good text");
        using var store = OpenStore();
        var ingestor = Ingestor(store);
        await ingestor.IngestDirectoryAsync(Docs);

        _temp.Write("docs/flaky.txt", "%FAIL\nbroken now");
        WriteDoc("new.txt", "new text");
        var results = await ingestor.IngestDirectoryAsync(Docs);

        var failed = results.Single(r => r.SourcePath == flaky);
        Assert.Equal(IngestionStatus.Failed, failed.Status);
        Assert.Equal(ExtractionFailure.Malformed, failed.ExtractionFailure);
        Assert.Contains("asks to fail", failed.Error, StringComparison.Ordinal);
        Assert.Equal(IngestionStatus.Added, results.Single(r => r.SourcePath.EndsWith("new.txt", StringComparison.Ordinal)).Status);
        Assert.Equal(["first good version"], (await store.GetChunksAsync(flaky)).Select(c => c.Text));
    }

    [Fact]
    public async Task Explicit_sources_report_missing_unsupported_and_duplicate_files()
    {
        var good = WriteDoc("good.txt", "good text");
        var binary = _temp.Write("docs/data.bin", "binary");
        using var store = OpenStore();

        var results = await Ingestor(store).IngestAsync(
        [
            new IngestionSource(good),
            new IngestionSource(Path.Combine(Docs, "missing.txt")),
            new IngestionSource(binary),
            new IngestionSource(good),
        ]);

        Assert.Equal([IngestionStatus.Added, IngestionStatus.Failed, IngestionStatus.Failed, IngestionStatus.Failed], results.Select(r => r.Status));
        Assert.Equal(ExtractionFailure.UnsupportedType, results[2].ExtractionFailure);
        Assert.Contains("same document id", results[3].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_whose_embedding_fails_fails_alone_even_inside_a_shared_batch()
    {
        WriteDoc("a.txt", "alpha");
        WriteDoc("b.txt", "POISON text the model rejects");
        WriteDoc("c.txt", "gamma");
        _embedder.BeforeBatch = texts =>
        {
            if (texts.Any(t => t.Contains("POISON", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException("input longer than the context (512 tokens)");
            }
        };
        using var store = OpenStore();

        var results = await Ingestor(store, batchSize: 8).IngestDirectoryAsync(Docs);

        Assert.Equal([IngestionStatus.Added, IngestionStatus.Failed, IngestionStatus.Added], results.Select(r => r.Status));
        Assert.Contains("512 tokens", results[1].Error, StringComparison.Ordinal);
        Assert.Equal(2, (await store.GetStatisticsAsync()).DocumentCount);
    }

    [Fact]
    public async Task Changed_tags_update_the_document()
    {
        var path = WriteDoc("a.txt", "alpha");
        using var store = OpenStore();
        var ingestor = Ingestor(store);
        await ingestor.IngestAsync([new IngestionSource(path, "doc-a", [new DocumentTag("team", "red")])]);

        var results = await ingestor.IngestAsync([new IngestionSource(path, "doc-a", [new DocumentTag("team", "blue")])]);

        Assert.Equal(IngestionStatus.Updated, results[0].Status);
        Assert.Equal([new DocumentTag("team", "blue")], (await store.GetDocumentAsync("doc-a"))!.Tags);
    }

    [Fact]
    public async Task Keyword_only_ingestion_needs_no_embedding_generator()
    {
        WriteDoc("a.txt", "alpha one", "alpha two");
        using var store = OpenStore(vectors: false);
        var results = await Ingestor(store, vectors: false).IngestDirectoryAsync(Docs);
        Assert.Equal(IngestionStatus.Added, results[0].Status);
        Assert.Equal(new StoreStatistics(1, 2, 0), await store.GetStatisticsAsync());
        Assert.Equal(IngestionStatus.Unchanged, (await Ingestor(store, vectors: false).IngestDirectoryAsync(Docs))[0].Status);
    }

    [Fact]
    public void An_ingestor_whose_model_does_not_fit_the_store_is_refused_up_front()
    {
        using var vectorStore = OpenStore();
        var otherModel = FakeEmbeddingGenerator.HashingBagOfWords(modelId: "other-model");
        Assert.Throws<EmbeddingModelMismatchException>(() => new DocumentIngestor(vectorStore, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, otherModel));
        Assert.Throws<EmbeddingModelMismatchException>(() => new DocumentIngestor(vectorStore, FakeTextExtractor.ForPath, ParagraphChunker.Chunk));
        using var keywordStore = SqliteDocumentStore.Open(_temp.File("keywords.db"));
        Assert.Throws<InvalidOperationException>(() => new DocumentIngestor(keywordStore, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, _embedder));
    }

    [Fact]
    public async Task Cancelling_a_run_leaves_only_complete_documents()
    {
        for (int i = 0; i < 40; i++)
        {
            WriteDoc($"d{i:00}.txt", "one", "two", "three");
        }

        using var store = OpenStore();
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.FilesCompleted >= 5)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ingestor(store).IngestDirectoryAsync(Docs, null, progress, cancel.Token));

        var documents = await store.ListDocumentsAsync();
        Assert.InRange(documents.Count, 5, 39);
        Assert.All(documents, d => Assert.Equal((3, 3), (d.ChunkCount, d.VectorCount)));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the callback to run before the next step.</summary>
    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        private readonly Lock _lock = new();

        public void Report(IngestionProgress value)
        {
            lock (_lock)
            {
                report(value);
            }
        }
    }
}
