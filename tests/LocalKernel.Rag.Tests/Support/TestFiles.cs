namespace LocalKernel.Rag.Tests;

/// <summary>Paths of the committed fixtures and scratch files that clean up after themselves.</summary>
internal static class TestFiles
{
    public static string Fixture(string relativePath) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath);

    public static IEnumerable<string> PdfFixtures() =>
        Directory.EnumerateFiles(Fixture("pdf"), "*.pdf").Where(p => !Path.GetFileName(p).StartsWith("encrypted", StringComparison.Ordinal)).Order();
}

/// <summary>A temporary directory deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lk-rag-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, byte[] content)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
