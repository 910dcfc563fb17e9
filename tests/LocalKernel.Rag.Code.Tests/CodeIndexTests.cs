namespace LocalKernel.Rag.Code.Tests;

public sealed class CodeIndexTests : IDisposable
{
    private readonly FixtureRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_walk_honours_gitignore_and_exclude_and_skips_vendored_binary_and_linked_files()
    {
        var files = new RepositoryWalker().Walk(_repo.Root);

        Assert.Equal(
            [".gitignore", "cmd/server/main.go", "docs/overview.md", "native/quantize.rs", "scripts/build.sh", "src/Loading/ModelLoader.cs",
             "src/Validation/ModelFileValidator.cs", "tools/tokenize.py", "web/client.ts"],
            files);
    }

    [Fact]
    public async Task Indexing_records_chunks_with_breadcrumbs_and_a_symbol_table_and_reindexing_is_incremental()
    {
        using var index = CodeIndex.Open(_repo.Root, Path.Combine(_repo.Parent, "index.db"));
        var first = await index.UpdateAsync();

        Assert.Equal(8, first.Added.Count);
        Assert.Empty(first.Failed);
        var method = Assert.Single(index.FindSymbols("ValidateHeader"));
        Assert.Equal(("method", "Sample.Validation.ModelFileValidator", "src/Validation/ModelFileValidator.cs", 12, 20),
            (method.Kind, method.Container, method.Path, method.StartLine, method.EndLine));
        Assert.Equal("class", Assert.Single(index.FindSymbols("Vocabulary")).Kind);
        Assert.Equal("function", Assert.Single(index.FindSymbols("sendChatRequest")).Kind);
        Assert.Equal("function", Assert.Single(index.FindSymbols("quantize_block")).Kind);
        Assert.Equal("function", Assert.Single(index.FindSymbols("StartServer")).Kind);
        Assert.Equal("function", Assert.Single(index.FindSymbols("build_native")).Kind);
        var lookup = Assert.Single(index.FindSymbols("lookup"));
        Assert.Equal("Vocabulary", lookup.Container);
        Assert.Empty(index.FindSymbols("ShouldBeIgnored"));

        var chunks = await index.Store.GetChunksAsync("src/Validation/ModelFileValidator.cs");
        Assert.Contains(chunks, c => c.Breadcrumb == "Sample.Validation › ModelFileValidator" && c.Text.Contains("ValidateHeader", StringComparison.Ordinal));

        var second = await index.UpdateAsync();
        Assert.Equal((0, 0, 8, 0), (second.Added.Count, second.Updated.Count, second.Unchanged, second.Removed.Count));

        _repo.Write("tools/tokenize.py", "def join_words(words):\n    return ' '.join(words)\n");
        _repo.Delete("scripts/build.sh");
        _repo.Write("lib/extra.go", "package lib\n\nfunc Extra() int {\n\treturn 1\n}\n");
        var third = await index.UpdateAsync();

        Assert.Equal(["lib/extra.go"], third.Added);
        Assert.Equal(["tools/tokenize.py"], third.Updated);
        Assert.Equal(["scripts/build.sh"], third.Removed);
        Assert.Empty(index.FindSymbols("Vocabulary"));
        Assert.Empty(index.FindSymbols("build_native"));
        Assert.Single(index.FindSymbols("join_words"));
        Assert.Single(index.FindSymbols("Extra"));
    }
}
