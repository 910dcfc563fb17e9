using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// Evaluation data the benchmarks read but the repository does not carry (BEIR SciFact). A clone stands on its
/// own: the data folder is an argument, and the workspace's <c>../shared/data</c> beside the clone is only a
/// convenient default. When neither holds the data, the benchmark says what is missing and stops.
/// </summary>
internal static class BenchData
{
    /// <summary>
    /// The SciFact folder (corpus.jsonl, queries.jsonl, qrels/): <c>--data dir</c>, else the first positional
    /// argument after <paramref name="benchmark"/>, else <c>../shared/data/scifact</c> beside the repository root.
    /// </summary>
    public static string SciFactDirectory(BenchArguments args, string benchmark)
    {
        if (args.Get("data") is { } data)
        {
            return Path.GetFullPath(data);
        }

        // BenchArguments reads only "--name value" pairs; the positional folder is found on the command line itself.
        var commandLine = Environment.GetCommandLineArgs();
        int at = Array.IndexOf(commandLine, benchmark);
        if (at >= 0 && at + 1 < commandLine.Length && !commandLine[at + 1].StartsWith("--", StringComparison.Ordinal))
        {
            return Path.GetFullPath(commandLine[at + 1]);
        }

        return Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "data", "scifact"));
    }

    /// <summary>
    /// True when <paramref name="directory"/> holds SciFact's corpus; otherwise prints what is missing and how to
    /// pass the folder.
    /// </summary>
    public static bool HasSciFact(string directory, string benchmark)
    {
        if (File.Exists(Path.Combine(directory, "corpus.jsonl")))
        {
            return true;
        }

        Console.Error.WriteLine(
            $"{benchmark}: BEIR SciFact is not in '{directory}' (corpus.jsonl, queries.jsonl and qrels/ are needed). " +
            $"The repository does not carry it: pass its folder with --data <dir> (default: ../shared/data/scifact beside the clone).");
        return false;
    }
}
