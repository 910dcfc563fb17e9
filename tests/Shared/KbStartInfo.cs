using System.Diagnostics;

namespace LocalKernel.Testing;

/// <summary>How the tests start the real <c>kb</c> (kb.dll next to the test binaries): one place for the environment it gets.</summary>
internal static class KbStartInfo
{
    /// <summary>The developer's own settings, which must not leak into a test's <c>kb</c>.</summary>
    private static readonly string[] DeveloperSettings =
        ["KB_CHAT_MODEL", "KB_EMBEDDING_MODEL", "KB_CONTEXT_SIZE", "KB_GPU_LAYERS", "KB_THREADS", "KB_STORE", "KB_API_KEY"];

    /// <summary>The start info of <c>dotnet kb.dll args</c> in <paramref name="workingDirectory"/>, all three streams redirected.</summary>
    /// <remarks>
    /// No embedding model unless <paramref name="environment"/> names one: kb's default (the bundled MiniLM) is real
    /// work per run and would serve /v1/embeddings in tests that check a kb without one. Notices shown "once per
    /// store" are remembered in the working directory, not in the developer's home.
    /// </remarks>
    public static ProcessStartInfo Create(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
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

        foreach (var name in DeveloperSettings)
        {
            start.Environment.Remove(name);
        }

        start.Environment["KB_EMBEDDING_MODEL"] = "none";
        start.Environment["KB_STATE_DIR"] = Path.Combine(workingDirectory, ".kb-state");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
