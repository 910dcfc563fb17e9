using LocalKernel.Rag;

namespace LocalKernel.SemanticKernel.Tests;

/// <summary>Two small Markdown manuals ingested into a real SQLite store in a temporary folder (BM25 retrieval).</summary>
public sealed class IngestedDocuments : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lk-sk-rag-" + Guid.NewGuid().ToString("N"));

    public SqliteDocumentStore Store { get; private set; } = null!;

    public HybridRetriever Retriever { get; private set; } = null!;

    public string GpuFile => Path.Combine(_folder, "docs", "gpu.md");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "docs"));
        await File.WriteAllTextAsync(GpuFile, """
            # Setup

            ## GPU backends

            Build with the CUDA backend to run layers on an NVIDIA card. The CUDA backend needs a driver.

            ## Threads

            Generation uses the physical cores less one.
            """);
        await File.WriteAllTextAsync(Path.Combine(_folder, "docs", "recipes.md"), """
            # Recipes

            ## Bread

            Knead the dough for ten minutes, then let it rise in a warm place.
            """);
        Store = SqliteDocumentStore.Open(Path.Combine(_folder, "store.db"));
        var ingestor = new DocumentIngestor(Store, DocumentExtractorRegistry.CreateDefault(), new StructuredChunker());
        await ingestor.IngestDirectoryAsync(Path.Combine(_folder, "docs"));
        Retriever = new HybridRetriever(Store);
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
