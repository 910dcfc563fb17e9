namespace LocalKernel.KnowledgeBase.Tests;

/// <summary><c>kb ingest</c> and <c>kb docs</c> on the sample documents, through the real process.</summary>
public sealed class IngestTests
{
    private const int SampleCount = 5;

    [Fact(Timeout = 600_000)]
    public async Task Ingest_SampleDocs_AddsEveryFormat()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("ingest", docs.Folder);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(SampleCount, run.Files("added"));
        Assert.Equal(0, run.Files("failed"));
        var list = await docs.KbAsync("docs", "list");
        foreach (var name in new[] { "overview.md", "install.html", "kb-commands.txt", "gpu-backends.docx", "troubleshooting.pdf" })
        {
            Assert.Contains(name, list.Stdout);
        }
    }

    [Fact(Timeout = 600_000)]
    public async Task Reingest_Unchanged_DoesNothing()
    {
        using var docs = new SampleDocs();
        Assert.Equal(0, (await docs.KbAsync("ingest", docs.Folder)).ExitCode);

        var again = await docs.KbAsync("ingest", docs.Folder);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(SampleCount, again.Files("unchanged"));
        Assert.Equal(0, again.Files("added"));
        Assert.Equal(0, again.Files("updated"));
    }

    [Fact(Timeout = 600_000)]
    public async Task Reingest_OneFileModified_UpdatesOnlyIt()
    {
        using var docs = new SampleDocs();
        Assert.Equal(0, (await docs.KbAsync("ingest", docs.Folder)).ExitCode);
        await File.AppendAllTextAsync(docs["overview.md"], "\n## Mascot\n\nThe project mascot is a marmot called Ggufrey.\n");

        var again = await docs.KbAsync("ingest", docs.Folder);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(1, again.Files("updated"));
        Assert.Equal(SampleCount - 1, again.Files("unchanged"));
        var answer = await docs.KbAsync("ask", "What is the mascot called?");
        Assert.Contains("Ggufrey", answer.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task DocsRemove_Document_IsGoneFromListAndAnswers()
    {
        using var docs = new SampleDocs();
        Assert.Equal(0, (await docs.KbAsync("ingest", docs.Folder)).ExitCode);

        var removed = await docs.KbAsync("docs", "remove", docs["gpu-backends.docx"]);

        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.DoesNotContain("gpu-backends.docx", (await docs.KbAsync("docs", "list")).Stdout);
        Assert.DoesNotContain("gpu-backends.docx", (await docs.KbAsync("ask", "How do I turn on the CUDA backend?")).Stdout);
        var again = await docs.KbAsync("docs", "remove", docs["gpu-backends.docx"]);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("kb: No document", again.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task Ingest_CorruptPdfAmongGoodFiles_ReportsItAndIngestsTheRest()
    {
        using var docs = new SampleDocs();
        await File.WriteAllTextAsync(docs["broken.pdf"], "%PDF-1.7\nthis is not a PDF body\n%%EOF\n");

        var run = await docs.KbAsync("ingest", docs.Folder);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(SampleCount, run.Files("added"));
        Assert.Equal(1, run.Files("failed"));
        Assert.Contains("broken.pdf", run.Stdout);
        Assert.Contains("1 of 6 files failed", run.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task Ingest_ExcludeGlob_SkipsMatchingFiles()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("ingest", docs.Folder, "--exclude", "*.pdf", "--exclude", "*.docx", "--tags", "team=docs");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(SampleCount - 2, run.Files("added"));
        var list = await docs.KbAsync("docs", "list");
        Assert.DoesNotContain("troubleshooting.pdf", list.Stdout);
        Assert.Contains("team=docs", list.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task Ingest_MissingPath_FailsInOneLine()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("ingest", Path.Combine(docs.Root, "nowhere"));

        Assert.Equal(1, run.ExitCode);
        var lastLine = run.Stderr.Replace("\r", "").TrimEnd('\n').Split('\n')[^1];
        Assert.Matches(@"^kb: .*nowhere' does not exist\.$", lastLine);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
