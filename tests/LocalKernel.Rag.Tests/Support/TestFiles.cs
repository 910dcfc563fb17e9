namespace LocalKernel.Rag.Tests;

/// <summary>Paths of the committed fixtures and scratch files that clean up after themselves.</summary>
internal static class TestFiles
{
    public static string Fixture(string relativePath) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath);

    public static IEnumerable<string> PdfFixtures() =>
        Directory.EnumerateFiles(Fixture("pdf"), "*.pdf").Where(p => !Path.GetFileName(p).StartsWith("encrypted", StringComparison.Ordinal)).Order();
}
