namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>
/// <c>kb ask</c> with a real chat model: a tiny random-weight model the tests generate. It writes gibberish, so only
/// the pipeline is checked: llama.cpp loads it, the answer streams, the run ends well and the sources are printed.
/// </summary>
public sealed class GeneratedModelTests
{
    [Fact(Timeout = 600_000)]
    public async Task Ask_WithGeneratedChatModel_CompletesAndPrintsSources()
    {
        using var docs = new SampleDocs();
        var model = TestModelGenerator.GetOrCreate(TestModelSpec.Tiny);

        var run = await docs.KbAsync("ask", "How do I turn on the CUDA backend?", "--docs", docs.Folder,
            "--chat-model", model, "--context-size", "4096", "--threads", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("no chat model", run.Stderr);
        // A random model rarely writes a valid [n]; either way the sources it was given are listed.
        Assert.Matches(@"Sources[^\n]*:\n  \[1\] .*gpu-backends\.docx", run.Stdout.Replace("\r", ""));
    }
}
