namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Locates the repository and llama.cpp's chat templates (models/templates/*.jinja of the pinned llama.cpp
/// source), fetching them with tests/scripts/fetch-llama-test-data.sh into .cache/llama-test-data on first use.
/// </summary>
internal static class TemplateTestData
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private static readonly Lazy<string> Data = new(EnsureData);

    public static string RepositoryRoot => Root.Value;

    public static string TemplatesDirectory => Path.Combine(Data.Value, "models", "templates");

    public static IReadOnlyList<string> TemplateFiles =>
        [.. Directory.GetFiles(TemplatesDirectory, "*.jinja").OrderBy(Path.GetFileName, StringComparer.Ordinal)];

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Framework.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Framework.sln above {AppContext.BaseDirectory}.");
    }

    private static string EnsureData()
    {
        var directory = Path.Combine(RepositoryRoot, ".cache", "llama-test-data");
        if (File.Exists(Path.Combine(directory, ".complete")))
        {
            return directory;
        }

        var script = Path.Combine(RepositoryRoot, "tests", "scripts", "fetch-llama-test-data.sh");
        var result = TemplateTestProcess.Run("bash", [script, directory], RepositoryRoot, stdin: null, TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(directory, ".complete")))
        {
            throw new InvalidOperationException($"fetch-llama-test-data.sh failed ({result.ExitCode}): {result.Stderr}");
        }

        return directory;
    }
}
