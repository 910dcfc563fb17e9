using System.Text.Json;

namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>Output for tools and logs: <c>--json</c> shapes, abstention, notices, <c>--quiet</c>, absolute paths, throttled progress.</summary>
public sealed class OutputTests
{
    [Fact(Timeout = 600_000)]
    public async Task AskJson_HasTheDocumentedShape_OneSourcePerDocument()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("ask", "What does NativeLibraryNotFound mean?", "--docs", docs.Folder, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.False(root.GetProperty("abstained").GetBoolean());
        Assert.Contains("[1]", root.GetProperty("answer").GetString());
        var sources = root.GetProperty("sources").EnumerateArray().ToList();
        Assert.NotEmpty(sources);
        var first = sources[0];
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        Assert.Equal(docs["troubleshooting.pdf"], first.GetProperty("path").GetString());
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Contains("native libraries", first.GetProperty("heading").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(first.GetProperty("snippet").GetString()));
        Assert.Equal(sources.Count, sources.Select(s => s.GetProperty("path").GetString()).Distinct().Count());
        Assert.Equal(sources.Count, sources.Select(s => s.GetProperty("number").GetInt32()).Distinct().Count());
    }

    [Theory(Timeout = 600_000)]
    [InlineData("What is the capital of Mars?")]
    [InlineData("How do I bake sourdough bread?")]
    public async Task AskJson_OffTopic_Abstains(string question)
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("ask", question, "--docs", docs.Folder, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.True(json.RootElement.GetProperty("abstained").GetBoolean(), run.Stdout);
        Assert.Empty(json.RootElement.GetProperty("sources").EnumerateArray());
    }

    [Fact(Timeout = 600_000)]
    public async Task Ask_MinRelevanceOne_AbstainsAndOutOfRangeIsRefused()
    {
        using var docs = new SampleDocs();

        const string Question = "How do I turn on the CUDA backend on a Zorblax workstation?";
        var lenient = await docs.KbAsync("ask", Question, "--docs", docs.Folder, "--json");
        var strict = await docs.KbAsync("ask", Question, "--min-relevance", "1", "--json");
        var refused = await docs.KbAsync("ask", Question, "--min-relevance", "1.5");

        Assert.True(lenient.ExitCode == 0 && strict.ExitCode == 0, lenient + "\n" + strict);
        Assert.False(JsonDocument.Parse(lenient.Stdout).RootElement.GetProperty("abstained").GetBoolean(), lenient.Stdout);
        Assert.True(JsonDocument.Parse(strict.Stdout).RootElement.GetProperty("abstained").GetBoolean(), strict.Stdout);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--min-relevance must be between 0 and 1", refused.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task SearchJson_ResultsWithPathScoreSnippet_OnePerDocument()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("search", "llama.cpp model", "--docs", docs.Folder, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.True(results.Count >= 2, run.Stdout);
        foreach (var result in results)
        {
            Assert.True(Path.IsPathRooted(result.GetProperty("path").GetString()));
            Assert.True(result.GetProperty("score").GetDouble() > 0);
            Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("snippet").GetString()));
        }

        Assert.Equal(results.Count, results.Select(r => r.GetProperty("path").GetString()).Distinct().Count());
    }

    [Fact(Timeout = 600_000)]
    public async Task DocsAndStatsJson_DescribeTheStore()
    {
        using var docs = new SampleDocs();
        Assert.Equal(0, (await docs.KbAsync("ingest", docs.Folder)).ExitCode);

        var list = JsonDocument.Parse((await docs.KbAsync("docs", "list", "--json")).Stdout).RootElement;
        var show = JsonDocument.Parse((await docs.KbAsync("docs", "show", docs["overview.md"], "--json")).Stdout).RootElement;
        var stats = JsonDocument.Parse((await docs.KbAsync("stats", "--json")).Stdout).RootElement;

        Assert.Equal(5, list.GetProperty("documents").GetArrayLength());
        Assert.Contains(list.GetProperty("documents").EnumerateArray(), d => d.GetProperty("path").GetString() == docs["overview.md"]);
        Assert.Equal(docs["overview.md"], show.GetProperty("document").GetProperty("path").GetString());
        var chunks = show.GetProperty("chunks").EnumerateArray().ToList();
        Assert.Equal(show.GetProperty("document").GetProperty("chunks").GetInt32(), chunks.Count);
        Assert.All(chunks, c => Assert.True(c.GetProperty("lines").GetProperty("start").GetInt32() >= 1));
        Assert.Equal(5, stats.GetProperty("documents").GetInt32());
        Assert.Equal("snowball-english", stats.GetProperty("keywordStemming").GetString());
        Assert.Equal(list.GetProperty("documents").EnumerateArray().Sum(d => d.GetProperty("chunks").GetInt32()), stats.GetProperty("chunks").GetInt32());
    }

    [Fact(Timeout = 600_000)]
    public async Task Notices_ShownOncePerStoreWhenRedirected_QuietSilencesThem()
    {
        using var docs = new SampleDocs();

        var first = await docs.KbAsync("ask", "How do I turn on the CUDA backend?", "--docs", docs.Folder);
        var second = await docs.KbAsync("ask", "How do I turn on the Vulkan backend?");
        var quiet = await KbProcess.RunAsync(docs.Root, ["search", "CUDA", "--quiet", "--store", Path.Combine(docs.Root, "other.db"), "--docs", docs.Folder]);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0 && quiet.ExitCode == 0, first + "\n" + second + "\n" + quiet);
        Assert.Contains("no chat model", first.Stderr);
        Assert.Contains("no embedding model", first.Stderr);
        Assert.DoesNotContain("no chat model", second.Stderr);
        Assert.DoesNotContain("no embedding model", second.Stderr);
        Assert.Equal(string.Empty, quiet.Stderr.Trim()); // no notice, no ingest summary
        Assert.StartsWith("1. ", quiet.Stdout);
        Assert.Contains("Sources:", second.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task Paths_AreAbsolute_WhenRunFromAnotherFolder()
    {
        using var docs = new SampleDocs();
        var elsewhere = Path.Combine(docs.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);

        var run = await KbProcess.RunAsync(elsewhere, ["ask", "How do I turn on the CUDA backend?", "--docs", docs.Folder, "--store", docs.Store]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[1] " + docs["gpu-backends.docx"], run.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task Ingest_NotOnATerminal_ReportsProgressEveryFewSecondsNotPerFile()
    {
        using var docs = new SampleDocs();
        for (int i = 0; i < 60; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(docs.Folder, $"note{i:00}.txt"), $"Note {i}. The number {i} is written here.");
        }

        var run = await docs.KbAsync("ingest", docs.Folder);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(65, run.Files("added"));
        int progressLines = run.Stdout.Split('\n').Count(l => l.Contains("/65 files", StringComparison.Ordinal));
        Assert.True(progressLines <= 3, $"{progressLines} progress lines:\n{run.Stdout}");
    }
}
