using MAB.DotIgnore;

namespace LocalKernel.Rag.Code;

/// <summary>
/// Lists the files of a repository that are worth indexing: it honours every <c>.gitignore</c> on the way down and
/// <c>.git/info/exclude</c> (parsed by MAB.DotIgnore), never follows symbolic links, and skips vendored and generated
/// folders, generated files, files over the size limit and binary files (a NUL byte in the first 8 KiB, as git decides).
/// </summary>
/// <remarks>Thread-safe; each call walks the file system anew.</remarks>
public sealed class RepositoryWalker
{
    private const int BinaryProbeBytes = 8192;
    private readonly RepositoryWalkOptions _options;
    private readonly HashSet<string> _skippedFolders;

    /// <summary>Creates a walker.</summary>
    /// <param name="options">What to skip; null for the defaults.</param>
    public RepositoryWalker(RepositoryWalkOptions? options = null)
    {
        _options = options ?? new RepositoryWalkOptions();
        _skippedFolders = new HashSet<string>(_options.SkippedFoldersOrDefault, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The indexable files under <paramref name="root"/> as paths relative to it with '/' separators, sorted.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public IReadOnlyList<string> Walk(string root)
    {
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"The folder '{fullRoot}' does not exist.");
        }

        var ignores = new List<(string Prefix, IgnoreList List)>();
        var exclude = Path.Combine(fullRoot, ".git", "info", "exclude");
        if (File.Exists(exclude))
        {
            ignores.Add((string.Empty, new IgnoreList(exclude)));
        }

        var files = new List<string>();
        WalkFolder(fullRoot, string.Empty, ignores, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Whether the first bytes of the file hold a NUL byte (git's test for binary content).</summary>
    public static bool LooksBinary(string path)
    {
        Span<byte> buffer = stackalloc byte[BinaryProbeBytes];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read].Contains((byte)0);
    }

    private void WalkFolder(string folder, string relative, List<(string Prefix, IgnoreList List)> ignores, List<string> files)
    {
        var gitignore = Path.Combine(folder, ".gitignore");
        bool added = false;
        if (File.Exists(gitignore) && !new FileInfo(gitignore).Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            ignores.Add((relative, new IgnoreList(gitignore)));
            added = true;
        }

        try
        {
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                return;
            }

            foreach (var entry in entries)
            {
                // Links are never followed: a link could lead out of the repository or into a cycle.
                if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint) || entry.LinkTarget is not null)
                {
                    continue;
                }

                string path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                bool isFolder = entry is DirectoryInfo;
                if (IsIgnored(ignores, path, isFolder))
                {
                    continue;
                }

                if (isFolder)
                {
                    if (!_skippedFolders.Contains(entry.Name))
                    {
                        WalkFolder(entry.FullName, path, ignores, files);
                    }

                    continue;
                }

                if (entry is FileInfo file && Keep(file))
                {
                    files.Add(path);
                }
            }
        }
        finally
        {
            if (added)
            {
                ignores.RemoveAt(ignores.Count - 1);
            }
        }
    }

    private bool Keep(FileInfo file)
    {
        // Pipes, sockets and device nodes report a length of 0 and are never opened: reading a FIFO blocks forever.
        if (file.Length == 0 || file.Length > _options.MaxFileBytesOrDefault
            || _options.SkippedFileSuffixesOrDefault.Any(s => file.Name.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        try
        {
            return !LooksBinary(file.FullName);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static bool IsIgnored(List<(string Prefix, IgnoreList List)> ignores, string path, bool isFolder)
    {
        // Each .gitignore speaks for paths relative to its own folder. Negations across files are approximated: a path
        // ignored by any applicable file is ignored (git lets a deeper file re-include; that case is rare in practice).
        foreach (var (prefix, list) in ignores)
        {
            string local = prefix.Length == 0 ? path : path[(prefix.Length + 1)..];
            if (list.IsIgnored(local, isFolder))
            {
                return true;
            }
        }

        return false;
    }
}
