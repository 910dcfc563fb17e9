namespace LocalKernel.Rag.Tests;

public sealed class EndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ingested_files_are_answered_with_citations_that_point_at_their_lines_and_headings()
    {
        _temp.Write("docs/install.txt", "# Installation\n\nDownload the archive.\n\n# GPU\n\nSet LK_BACKEND=cuda before the first run\nto use the graphics card.\n");
        _temp.Write("docs/faq.txt", "# FAQ\n\nThe project is licensed under MIT.\n");
        var embedder = FakeEmbeddingGenerator.HashingBagOfWords();
        using var store = SqliteDocumentStore.Open(_temp.File("kb.db"), embedder.ModelInfo);
        await new DocumentIngestor(store, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, embedder).IngestDirectoryAsync(Path.Combine(_temp.Path, "docs"));
        var chat = new FakeChatClient(messages =>
        {
            // Cite whichever source the prompt numbered for the GPU section.
            var prompt = messages[^1].Text;
            var line = prompt.Split('\n').First(l => l.Contains("GPU (lines", StringComparison.Ordinal));
            return ["Set LK_BACKEND=cuda ", line[..line.IndexOf(']', StringComparison.Ordinal)] + "].", " [99]"];
        });

        var answer = await new DocumentAnswerer(new HybridRetriever(store, embedder), chat).AskAsync("How do I use the GPU backend?");

        Assert.Equal(AnswerKind.Generated, answer.Kind);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal(Path.Combine(_temp.Path, "docs", "install.txt"), citation.SourcePath);
        Assert.Equal("GPU", citation.Passage.Breadcrumb);
        Assert.Equal("lines 7–8", citation.Location);
        Assert.StartsWith("Set LK_BACKEND=cuda before the first run", citation.Snippet, StringComparison.Ordinal);
        Assert.Equal($"Set LK_BACKEND=cuda [{citation.Number}].", answer.Text);
        Assert.Equal([99], answer.RemovedCitations);
    }
}
