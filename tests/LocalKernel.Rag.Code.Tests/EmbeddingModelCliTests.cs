using System.Diagnostics;
using System.Text.Json;
using LocalKernel.Testing;

namespace LocalKernel.Rag.Code.Tests;

/// <summary><c>code ask --embedding-model</c> as a real process: the index gets vectors of that model in a file of its own,
/// and a model that is not there is a clear error.</summary>
public sealed class EmbeddingModelCliTests : IDisposable
{
    private readonly FixtureRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Ask_with_an_embedding_model_indexes_vectors_in_the_model_s_own_file_and_cites_the_code()
    {
        var model = TestModelGenerator.GetOrCreate(TestModelSpec.Tiny);
        var (exit, stdout, stderr) = await RunAsync("ask", "Where is a GGUF file validated?", "--json", "--repo", _repo.Root, "--embedding-model", model, "--threads", "1");

        Assert.True(exit == 0, stderr);
        Assert.Contains("embedding model", stderr, StringComparison.Ordinal);
        using var answer = JsonDocument.Parse(stdout);
        var paths = answer.RootElement.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("path").GetString()).ToList();
        Assert.Contains("src/Validation/ModelFileValidator.cs", paths);
        var indexes = Directory.GetFiles(Path.Combine(_repo.Root, ".localkernel"), "code-index*.db").Select(Path.GetFileName).ToList();
        Assert.Equal([$"code-index.{Path.GetFileNameWithoutExtension(model)}.db"], indexes);
        using var store = SqliteDocumentStore.Open(Path.Combine(_repo.Root, ".localkernel", indexes[0]!));
        Assert.Equal(Path.GetFileNameWithoutExtension(model), store.EmbeddingModel?.Name);
    }

    [Fact]
    public async Task A_missing_embedding_model_is_one_clear_line_and_exit_code_2()
    {
        var (exit, _, stderr) = await RunAsync("ask", "anything", "--repo", _repo.Root, "--embedding-model", Path.Combine(_repo.Parent, "missing.gguf"));

        Assert.Equal(2, exit);
        Assert.Contains("missing.gguf", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "code-assistant.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CODE_EMBEDDING_MODEL"] = null;
        start.Environment["CODE_CHAT_MODEL"] = null;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
