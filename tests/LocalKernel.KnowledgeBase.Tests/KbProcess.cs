using System.Diagnostics;
using LocalKernel.Testing;

namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>Runs the real <c>kb</c> (kb.dll next to the tests) as <c>dotnet kb.dll ...</c> and captures what it prints.</summary>
internal static class KbProcess
{
    /// <summary>Long enough for a cold start on a loaded 2-core CI machine; a hang fails the test instead of stalling the run.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<KbRun> RunAsync(string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        var start = KbStartInfo.Create(workingDirectory, args, environment);
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
