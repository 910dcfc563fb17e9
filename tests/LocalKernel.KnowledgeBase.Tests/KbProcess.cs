using System.Diagnostics;

namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>Runs the real <c>kb</c> (kb.dll next to the tests) as <c>dotnet kb.dll ...</c> and captures what it prints.</summary>
internal static class KbProcess
{
    /// <summary>Long enough for a cold start on a loaded 2-core CI machine; a hang fails the test instead of stalling the run.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<KbRun> RunAsync(string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kb.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The developer's own KB_* settings must not leak into the tests.
        foreach (var name in new[] { "KB_CHAT_MODEL", "KB_EMBEDDING_MODEL", "KB_CONTEXT_SIZE", "KB_GPU_LAYERS", "KB_THREADS", "KB_STORE" })
        {
            start.Environment.Remove(name);
        }

        // Keyword retrieval unless a test asks for a model: kb's default embedding model (the bundled MiniLM) is
        // real work per run, and its own tests (EmbeddingModelTests) opt back in.
        start.Environment["KB_EMBEDDING_MODEL"] = "none";
        // Notices shown "once per store" are remembered here, not in the developer's home.
        start.Environment["KB_STATE_DIR"] = Path.Combine(workingDirectory, ".kb-state");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kb {string.Join(' ', args)} did not finish within {Limit}.");
        }

        return new KbRun(process.ExitCode, await stdout, await stderr);
    }
}
