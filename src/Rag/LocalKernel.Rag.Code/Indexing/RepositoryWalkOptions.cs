namespace LocalKernel.Rag.Code;

/// <summary>What <see cref="RepositoryWalker"/> skips. Null properties mean "use the default".</summary>
public sealed class RepositoryWalkOptions
{
    /// <summary>Folder names never entered, wherever they are: version control, dependencies, build output, caches.</summary>
    public static IReadOnlyList<string> DefaultSkippedFolders { get; } =
    [
        ".git", ".hg", ".svn", ".localkernel", "node_modules", "bower_components", "vendor", "third_party", "third-party",
        "bin", "obj", "packages", "dist", "target", "out", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache",
        ".pytest_cache", ".idea", ".vs", ".vscode", ".gradle", ".next", ".nuget", ".cache", "coverage", "llama-native",
    ];

    /// <summary>File name endings of generated or minified files.</summary>
    public static IReadOnlyList<string> DefaultSkippedFileSuffixes { get; } =
    [
        ".g.cs", ".g.i.cs", ".designer.cs", ".generated.cs", ".min.js", ".min.css", ".map", "package-lock.json", ".lock",
    ];

    /// <summary>Folder names to skip; default <see cref="DefaultSkippedFolders"/>.</summary>
    public IReadOnlyList<string>? SkippedFolders { get; set; }

    /// <summary>File name endings to skip (case-insensitive); default <see cref="DefaultSkippedFileSuffixes"/>.</summary>
    public IReadOnlyList<string>? SkippedFileSuffixes { get; set; }

    /// <summary>Files larger than this are skipped. Default 1 MiB: larger source files are almost always generated data.</summary>
    public long? MaxFileBytes { get; set; }

    internal IReadOnlyList<string> SkippedFoldersOrDefault => SkippedFolders ?? DefaultSkippedFolders;

    internal IReadOnlyList<string> SkippedFileSuffixesOrDefault => SkippedFileSuffixes ?? DefaultSkippedFileSuffixes;

    internal long MaxFileBytesOrDefault => MaxFileBytes ?? 1024 * 1024;
}
