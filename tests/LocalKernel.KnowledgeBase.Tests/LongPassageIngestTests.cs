using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>
/// A chunk at the embedding model's limit is embedded with its breadcrumb, and a sentence longer than the limit is kept
/// whole: kb must embed such a file (cut to the model's input, as sentence-transformers does), not fail it.
/// </summary>
public sealed class LongPassageIngestTests
{
    [Fact(Timeout = 600_000)]
    public async Task A_passage_longer_than_the_embedding_limit_is_ingested_and_found()
    {
        using var docs = new SampleDocs();
        var model = SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.Q8_0);
        var words = new[] { "protein", "folding", "kinetics", "depend", "on", "temperature", "and", "solvent", "viscosity" };
        var sentence = string.Join(' ', Enumerable.Range(0, 400).Select(i => words[i % words.Length])); // one sentence, > 256 tokens
        var folder = Path.Combine(docs.Root, "long");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "long.md"), "# Measurements of folding rates under varied laboratory conditions\n\n" + sentence + ".\n");

        var ingest = await KbProcess.RunAsync(docs.Root, ["ingest", folder, "--store", docs.Store, "--embedding-model", model]);
        var search = await KbProcess.RunAsync(docs.Root, ["search", "folding kinetics", "--mode", "vector", "--top", "1", "--store", docs.Store, "--embedding-model", model]);

        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.Contains("long.md", search.Stdout.Split('\n').First(l => l.StartsWith("1. ", StringComparison.Ordinal)));
    }
}
