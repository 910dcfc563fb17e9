using System.Diagnostics;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// llama.cpp's own test data (vocab GGUFs with .inp/.out vectors, chat templates), extracted on first use
/// by tests/scripts/fetch-llama-test-data.sh from the pinned node-llama-cpp package into
/// &lt;repo&gt;/.cache/llama-test-data (ignored by git). Fails loudly when it cannot be obtained.
/// </summary>
public static class LlamaTestData
{
    private static readonly Lazy<string> s_directory = new(Obtain, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The data directory (holds models/ and include/).</summary>
    public static string Directory => s_directory.Value;

    /// <summary>Path of a file of the data, e.g. "models/ggml-vocab-qwen2.gguf".</summary>
    public static string PathOf(string relative) => Path.Combine(Directory, relative);

    private static string Obtain()
    {
        var root = TestPaths.RepositoryRoot;
        var target = Path.Combine(root, ".cache", "llama-test-data");
        if (File.Exists(Path.Combine(target, ".complete")))
        {
            return target;
        }

        var script = Path.Combine(root, "tests", "scripts", "fetch-llama-test-data.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(target);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {stderr.Result}");
        }

        return target;
    }
}
