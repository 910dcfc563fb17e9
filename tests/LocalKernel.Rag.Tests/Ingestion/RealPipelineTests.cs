namespace LocalKernel.Rag.Tests;

/// <summary>The real pieces together: extractor registry → structured chunker → store → hybrid retrieval, on real files.</summary>
public sealed class RealPipelineTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Mixed_real_files_are_ingested_and_found_with_their_pages_and_headings()
    {
        var docs = Path.Combine(_temp.Path, "docs");
        Directory.CreateDirectory(docs);
        foreach (var fixture in new[] { "pdf/groff-report.pdf", "pdf/chromium-table.pdf" })
        {
            File.Copy(TestFiles.Fixture(fixture), Path.Combine(docs, Path.GetFileName(fixture)));
        }

        _temp.Write("docs/guide.md", "# Guide\n\n## Backends\n\nThe zygomorphic backend is chosen with one property.\n\n## Tests\n\nRun them with one command.\n");
        _temp.Write("docs/page.html", "<html><head><title>Notes</title></head><body><nav>menu</nav><h1>Notes</h1><p>The quokka index is rebuilt nightly.</p></body></html>");
        File.WriteAllText(Path.Combine(docs, "broken.pdf"), "%PDF-1.7 this is not really a PDF");

        var embedder = FakeEmbeddingGenerator.HashingBagOfWords();
        using var store = SqliteDocumentStore.Open(_temp.File("kb.db"), embedder.ModelInfo);
        var ingestor = new DocumentIngestor(store, DocumentExtractorRegistry.CreateDefault(), new StructuredChunker(), embedder);
        var results = await ingestor.IngestDirectoryAsync(docs);

        Assert.Equal(4, results.Count(r => r.Status == IngestionStatus.Added));
        var failed = Assert.Single(results, r => r.Status == IngestionStatus.Failed);
        Assert.EndsWith("broken.pdf", failed.SourcePath, StringComparison.Ordinal);
        Assert.Equal(ExtractionFailure.Malformed, failed.ExtractionFailure);

        var retriever = new HybridRetriever(store, embedder);
        var markdown = (await retriever.RetrieveAsync("zygomorphic backend")).First();
        Assert.EndsWith("guide.md", markdown.SourcePath, StringComparison.Ordinal);
        Assert.Equal("Guide › Backends", markdown.Breadcrumb);

        var html = (await retriever.RetrieveAsync("quokka index")).First();
        Assert.EndsWith("page.html", html.SourcePath, StringComparison.Ordinal);
        Assert.DoesNotContain("menu", html.Text, StringComparison.Ordinal);

        var pdf = (await retriever.RetrieveAsync("report", new RetrievalOptions { Mode = RetrievalMode.Keyword })).First(p => p.SourcePath.EndsWith(".pdf", StringComparison.Ordinal));
        Assert.NotNull(pdf.PageStart);

        // Re-ingesting changes nothing.
        var again = await ingestor.IngestDirectoryAsync(docs);
        Assert.Equal(4, again.Count(r => r.Status == IngestionStatus.Unchanged));
    }
}
