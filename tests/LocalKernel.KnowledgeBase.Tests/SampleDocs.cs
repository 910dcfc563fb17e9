namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>A private copy of samples/KnowledgeBase/sample-docs in a temporary folder, with room for a store beside it.</summary>
internal sealed class SampleDocs : IDisposable
{
    public SampleDocs()
    {
        Root = Path.Combine(Path.GetTempPath(), "kb-tests-" + Guid.NewGuid().ToString("N"));
        Folder = Path.Combine(Root, "docs");
        Directory.CreateDirectory(Folder);
        var source = Path.Combine(TestPaths.RepositoryRoot, "samples", "KnowledgeBase", "sample-docs");
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(Folder, Path.GetFileName(file)));
        }

        Store = Path.Combine(Root, "kb.db");
    }

    /// <summary>A temporary folder: the working directory of the kb runs.</summary>
    public string Root { get; }

    /// <summary>The copied documents.</summary>
    public string Folder { get; }

    /// <summary>The store file the tests pass with --store.</summary>
    public string Store { get; }

    public string this[string fileName] => Path.Combine(Folder, fileName);

    public Task<KbRun> KbAsync(params string[] args) => KbProcess.RunAsync(Root, [.. args, "--store", Store]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not a test failure.
        }
    }
}
