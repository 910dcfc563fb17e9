using LocalKernel.Rag;
using LocalKernel.Rag.SemanticKernel;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;

#pragma warning disable SKEXP0001 // ITextSearch<TRecord> is experimental in Semantic Kernel 1.82
#pragma warning disable CS0618 // CreateWithGetTextSearchResults exists only for the obsolete non-generic ITextSearch

namespace LocalKernel.SemanticKernel.Tests;

/// <summary>The RAG layer inside Semantic Kernel: the documents plugin and the text search return cited passages.</summary>
public sealed class DocumentsPluginTests(IngestedDocuments documents) : IClassFixture<IngestedDocuments>
{
    private Kernel KernelWithPlugin()
    {
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(new DocumentsPlugin(documents.Retriever), "documents");
        return kernel;
    }

    [Fact]
    public async Task Search_through_the_kernel_returns_passages_with_their_citations()
    {
        var kernel = KernelWithPlugin();
        var result = await kernel.InvokeAsync("documents", "search", new KernelArguments { ["query"] = "CUDA backend driver", ["top"] = 2 });

        var passages = result.GetValue<IReadOnlyList<CitedPassage>>()!;
        var best = passages[0];
        Assert.Equal(1, best.Number);
        Assert.Equal(documents.GpuFile, best.Path);
        Assert.Contains("GPU backends", best.Heading, StringComparison.Ordinal);
        Assert.Contains("CUDA", best.Text, StringComparison.Ordinal);
        // Markdown passages carry headings, not pages or lines: the citation leaves the empty location out.
        Assert.Equal(best.Location.Length > 0 ? $"{best.Path}, {best.Location}, {best.Heading}" : $"{best.Path}, {best.Heading}", best.Citation);
    }

    [Fact]
    public async Task Ask_answers_with_numbered_sources_and_says_when_it_does_not_know()
    {
        var kernel = KernelWithPlugin();
        var answer = (await kernel.InvokeAsync("documents", "ask", new KernelArguments { ["question"] = "How do I use the CUDA backend?" })).GetValue<CitedAnswer>()!;
        Assert.True(answer.Grounded);
        var source = Assert.Single(answer.Sources, s => s.Path == documents.GpuFile);
        Assert.Contains($"[{source.Number}]", answer.Text, StringComparison.Ordinal);

        var unknown = (await kernel.InvokeAsync("documents", "ask", new KernelArguments { ["question"] = "zebra quantum violin" })).GetValue<CitedAnswer>()!;
        Assert.False(unknown.Grounded);
        Assert.Empty(unknown.Sources);
    }

    [Fact]
    public async Task The_text_search_serves_Semantic_Kernels_search_plugin()
    {
        var search = new HybridTextSearch(documents.Retriever);
        var results = await (await search.GetTextSearchResultsAsync("knead dough", new TextSearchOptions<RetrievedPassage> { Top = 1, IncludeTotalCount = true })).Results.ToListAsync();
        var only = Assert.Single(results);
        Assert.EndsWith("recipes.md", only.Link, StringComparison.Ordinal);
        Assert.Contains("Bread", only.Name, StringComparison.Ordinal);
        Assert.Contains("Knead", only.Value, StringComparison.Ordinal);

        var kernel = new Kernel();
        kernel.Plugins.Add(search.CreateWithGetTextSearchResults("manuals"));
        var viaPlugin = await kernel.InvokeAsync("manuals", "GetTextSearchResults", new KernelArguments { ["query"] = "CUDA backend" });
        var first = viaPlugin.GetValue<IEnumerable<TextSearchResult>>()!.First();
        Assert.Equal(documents.GpuFile, first.Link);
        Assert.Contains("GPU backends", first.Name, StringComparison.Ordinal);

        await Assert.ThrowsAsync<NotSupportedException>(() => search.GetTextSearchResultsAsync("x", new TextSearchOptions<RetrievedPassage> { Filter = p => p.ChunkIndex == 0 }));
    }
}
