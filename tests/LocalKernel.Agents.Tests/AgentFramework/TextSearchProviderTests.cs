using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;
using LocalKernel.Rag.AgentFramework;
using LocalKernel.Testing;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents.Tests;

/// <summary>
/// Agent Framework's <see cref="TextSearchProvider"/> fed by LocalKernel's retriever over a real SQLite store: before
/// the model runs, the best passages reach it with their citations.
/// </summary>
public sealed class TextSearchProviderTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lk-af-rag-" + Guid.NewGuid().ToString("N"));
    private readonly LlamaModel _model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));
    private SqliteDocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "docs"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "docs", "gpu.md"),
            "# Setup\n\n## GPU backends\n\nBuild with the CUDA backend to run layers on an NVIDIA card.\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "docs", "bread.md"),
            "# Recipes\n\n## Bread\n\nKnead the dough for ten minutes.\n");
        _store = SqliteDocumentStore.Open(Path.Combine(_folder, "store.db"));
        await new DocumentIngestor(_store, DocumentExtractorRegistry.CreateDefault(), new StructuredChunker()).IngestDirectoryAsync(Path.Combine(_folder, "docs"));
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        _model.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_agent_gets_the_retrieved_passages_with_their_sources_before_it_answers()
    {
        RecordingChatClient? recorder = null;
        var llama = new LlamaChatClient(_model, new LlamaChatClientOptions { ContextSize = 1024, ParallelRequests = 1 });
        var agent = new ChatClientBuilder(llama)
            .Use(inner => recorder = new RecordingChatClient(inner))
            .BuildAIAgent(new ChatClientAgentOptions
            {
                ChatOptions = new ChatOptions { Temperature = 0, MaxOutputTokens = 8 },
                AIContextProviders = [RetrieverTextSearch.CreateProvider(new HybridRetriever(_store), new RetrievalOptions { Top = 1 })],
            });

        var response = await agent.RunAsync("How do I turn on the CUDA backend?");

        Assert.NotNull(response);
        var sent = string.Join("\n", recorder!.Requests.Single().Messages.Select(m => m.Text));
        Assert.Contains("Build with the CUDA backend", sent, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_folder, "docs", "gpu.md"), sent, StringComparison.Ordinal);
        Assert.Contains("GPU backends", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("Knead", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_result_is_named_by_its_citation_and_linked_to_its_file()
    {
        var search = RetrieverTextSearch.Search(new HybridRetriever(_store));
        var results = (await search("knead dough", CancellationToken.None)).ToList();

        var best = results[0];
        Assert.Equal(Path.Combine(_folder, "docs", "bread.md"), best.SourceLink);
        Assert.Equal($"{best.SourceLink}, line 5, Recipes › Bread", best.SourceName);
        Assert.Contains("Knead the dough", best.Text, StringComparison.Ordinal);
        Assert.Equal("line 5", Assert.IsType<RetrievedPassage>(best.RawRepresentation).Location);
    }
}
