namespace LocalKernel.Testing;

/// <summary>Finds files the tests share with the rest of the workspace, such as the real model in <c>shared/models</c>.</summary>
internal static class TestPaths
{
    /// <summary>
    /// The <c>shared/models</c> directory: found by walking up from the test binaries to a directory that
    /// contains <c>shared/models</c> (or whose parent does, for git worktrees next to <c>shared</c>).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such directory exists above the test binaries.</exception>
    public static string SharedModelsDirectory
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(directory.FullName, "shared", "models"), Path.Combine(directory.FullName, "..", "shared", "models") })
                {
                    if (Directory.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }
            }

            throw new DirectoryNotFoundException(
                $"No 'shared/models' directory was found above {AppContext.BaseDirectory}. " +
                "The tests need the real model shared/models/stories260K.gguf next to the repository (see DESIGN.md, section 6).");
        }
    }

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

    /// <summary>Path of <c>stories260K.gguf</c>, a real trained 260K-parameter llama model.</summary>
    /// <exception cref="FileNotFoundException">The directory exists but the model is missing.</exception>
    public static string Stories260K
    {
        get
        {
            var path = Path.Combine(SharedModelsDirectory, "stories260K.gguf");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The real test model is missing: {path}. Copy stories260K.gguf there (see shared/models/README.md).", path);
        }
    }
}
