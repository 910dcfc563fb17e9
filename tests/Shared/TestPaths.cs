namespace LocalKernel.Testing;

/// <summary>Finds files the tests need inside the checkout: the repository root and the real test model.</summary>
/// <remarks>
/// Everything is found relative to the repository root, never through a folder beside the clone, so a clone
/// placed anywhere passes its tests on its own.
/// </remarks>
internal static class TestPaths
{
    /// <summary>The repository root: the nearest directory above the binaries that holds Framework.sln.</summary>
    /// <exception cref="DirectoryNotFoundException">The binaries are not inside a checkout.</exception>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Framework.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new DirectoryNotFoundException($"No Framework.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The repository's folder of committed test models (<c>tests/Models</c>).</summary>
    public static string ModelsDirectory => Path.Combine(RepositoryRoot, "tests", "Models");

    /// <summary>Path of <c>stories260K.gguf</c>, a real trained 260K-parameter llama model (tests/Models/README.md).</summary>
    /// <exception cref="FileNotFoundException">The checkout lacks the model.</exception>
    public static string Stories260K
    {
        get
        {
            var path = Path.Combine(ModelsDirectory, "stories260K.gguf");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The real test model is missing: {path}. It is committed with the repository (see tests/Models/README.md).", path);
        }
    }
}
