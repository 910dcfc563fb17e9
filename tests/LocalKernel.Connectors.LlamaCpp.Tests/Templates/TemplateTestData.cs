namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>llama.cpp's chat templates (models/templates/*.jinja of the pinned source), from <see cref="LlamaTestData"/>.</summary>
internal static class TemplateTestData
{
    public static string RepositoryRoot => TestPaths.RepositoryRoot;

    public static string TemplatesDirectory => LlamaTestData.PathOf(Path.Combine("models", "templates"));

    public static IReadOnlyList<string> TemplateFiles =>
        [.. Directory.GetFiles(TemplatesDirectory, "*.jinja").OrderBy(Path.GetFileName, StringComparer.Ordinal)];
}
