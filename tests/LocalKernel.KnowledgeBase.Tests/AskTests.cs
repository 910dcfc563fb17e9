namespace LocalKernel.KnowledgeBase.Tests;

/// <summary><c>kb ask</c>, <c>search</c>, <c>chat</c> and <c>config show</c> through the real process, without models (extractive answers, BM25).</summary>
public sealed class AskTests
{
    [Fact(Timeout = 600_000)]
    public async Task Ask_WithDocs_CitesTheDocumentHoldingTheAnswer()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("ask", "How do I turn on the CUDA backend?", "--docs", docs.Folder);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("LOCALKERNEL_LLAMA_BACKEND=cuda", run.Stdout);
        Assert.Matches(@"Sources:\n  \[1\] .*gpu-backends\.docx", run.Stdout.Replace("\r", ""));
        Assert.Contains("no chat model", run.Stderr);
        Assert.Contains("5 added", run.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task Ask_AnswerInPdf_CitesPage()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("ask", "What does NativeLibraryNotFound mean?", "--docs", docs.Folder);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"\[1\] .*troubleshooting\.pdf, page 1 › Troubleshooting › The native libraries are not found", run.Stdout);
        var licence = await docs.KbAsync("ask", "Which licence does the repository declare?");
        Assert.Matches(@"\[1\] .*troubleshooting\.pdf, page 2 › Licence", licence.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task Ask_AbsentTopic_SaysNotInTheDocuments()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("ask", "Which bakery sells sourdough croissants?", "--docs", docs.Folder);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("not in the documents", run.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Sources:", run.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task Ask_EmptyStore_SaysHowToFillIt()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("ask", "Anything?");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("holds no documents", run.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task Ask_CorruptChatModel_FailsWithOneLine()
    {
        using var docs = new SampleDocs();
        var model = Path.Combine(docs.Root, "broken.gguf");
        await File.WriteAllBytesAsync(model, [.. "GGUF"u8, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF]);

        var run = await docs.KbAsync("ask", "How do I turn on the CUDA backend?", "--docs", docs.Folder, "--chat-model", model);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Stderr.Replace("\r", "").TrimEnd('\n').Split('\n');
        Assert.Single(lines, l => l.StartsWith("kb: ", StringComparison.Ordinal) && l.Contains("broken.gguf") && l.Contains("not a valid GGUF"));
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task Search_Bm25_RanksPassages()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("search", "GgufFormatException byte offset", "--mode", "bm25", "--top", "3", "--docs", docs.Folder);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("1. ", run.Stdout);
        Assert.DoesNotContain("4. ", run.Stdout);
        Assert.Contains("GgufFormatException", run.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task Search_VectorWithoutEmbeddingModel_FailsWithReason()
    {
        using var docs = new SampleDocs();

        var run = await docs.KbAsync("search", "GPU", "--mode", "vector", "--docs", docs.Folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("kb: --mode vector needs", run.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task Chat_FollowUp_AnswersEachQuestionUntilExit()
    {
        using var docs = new SampleDocs();

        var run = await KbProcess.RunAsync(docs.Root, ["chat", "--docs", docs.Folder, "--store", docs.Store],
            stdin: "How do I turn on the CUDA backend?\nAnd Vulkan?\nexit\nnever asked\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Stdout.Split("Sources:").Length - 1);
        Assert.Contains("vulkan", run.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = 600_000)]
    public async Task ConfigShow_OptionsBeatEnvironmentBeatFile()
    {
        using var docs = new SampleDocs();
        await File.WriteAllTextAsync(Path.Combine(docs.Root, "kb.json"), """{ "store": "from-file.db", "contextSize": 1024, "threads": 2 }""");
        var environment = new Dictionary<string, string> { ["KB_CONTEXT_SIZE"] = "2048", ["KB_STORE"] = "from-env.db" };

        var run = await KbProcess.RunAsync(docs.Root, ["config", "show", "--store", "from-cli.db"], environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"store\s*│\s*\S*from-cli\.db\s*│\s*command line", run.Stdout);
        Assert.Matches(@"contextSize\s*│\s*2048\s*│\s*environment \(KB_CONTEXT_SIZE\)", run.Stdout);
        Assert.Matches(@"threads\s*│\s*2\s*│\s*config file", run.Stdout);
        Assert.Matches(@"chatModel\s*│\s*\(not set\)", run.Stdout);
    }
}
