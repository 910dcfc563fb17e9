namespace LocalKernel.Rag.Code;

/// <summary>
/// Resolves paths given by a user or a model to files and folders inside one repository root, and refuses everything
/// else: parent-directory escapes, absolute paths outside the root, any symbolic link on the way (a link is refused even
/// when it points inside, so no chain of links can leave), NUL bytes, the <c>.git</c> folder (it can hold credentials),
/// pipes, sockets and devices, files over the size limit and binary files.
/// </summary>
/// <remarks>Thread-safe. Checks happen at each call, so a link created after a check is seen by the next one.</remarks>
public sealed class RepositorySandbox
{
    /// <summary>The default size limit of a file that may be read: 2 MiB.</summary>
    public const long DefaultMaxFileBytes = 2 * 1024 * 1024;

    /// <summary>Confines access to <paramref name="root"/>.</summary>
    /// <param name="root">The repository folder.</param>
    /// <param name="maxFileBytes">Files larger than this are refused.</param>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    public RepositorySandbox(string root, long maxFileBytes = DefaultMaxFileBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The repository folder '{full}' does not exist.");
        }

        // The root itself may be reached through a link (e.g. /tmp on macOS); compare against its real location.
        Root = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName is { } target ? Path.TrimEndingDirectorySeparator(target) : full;
        MaxFileBytes = maxFileBytes;
    }

    /// <summary>The root (full, real path).</summary>
    public string Root { get; }

    /// <summary>The size limit of a readable file.</summary>
    public long MaxFileBytes { get; }

    /// <summary>The full path of a regular, readable, not-too-large text file inside the root.</summary>
    /// <exception cref="RepositoryAccessException">The path is refused or the file is not there.</exception>
    public string ResolveFile(string path)
    {
        var full = Resolve(path);
        var info = new FileInfo(full);
        if (Directory.Exists(full))
        {
            throw new RepositoryAccessException($"'{path}' is a folder, not a file.");
        }

        if (!info.Exists)
        {
            throw new RepositoryAccessException($"'{path}' does not exist in the repository.");
        }

        // Pipes, sockets and device nodes have no length; opening a FIFO would block, so they are never opened.
        if (info.Length == 0)
        {
            throw new RepositoryAccessException($"'{path}' is empty or is not a regular file (a device, pipe or socket); nothing to read.");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new RepositoryAccessException($"'{path}' is {info.Length:N0} bytes, over the {MaxFileBytes:N0}-byte limit of the repository tools.");
        }

        if (RepositoryWalker.LooksBinary(full))
        {
            throw new RepositoryAccessException($"'{path}' is a binary file.");
        }

        return full;
    }

    /// <summary>The full path of a folder inside the root ("" or "." for the root).</summary>
    /// <exception cref="RepositoryAccessException">The path is refused or is not a folder.</exception>
    public string ResolveDirectory(string? path)
    {
        var full = Resolve(string.IsNullOrWhiteSpace(path) ? "." : path);
        if (!Directory.Exists(full))
        {
            throw new RepositoryAccessException($"'{path}' is not a folder of the repository.");
        }

        return full;
    }

    /// <summary>The path relative to the root with '/' separators ("." for the root).</summary>
    public string ToRelative(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
        return relative.Length == 0 ? "." : relative;
    }

    /// <summary>Checks a path and returns its full form; nothing is opened.</summary>
    /// <exception cref="RepositoryAccessException">The path is refused.</exception>
    public string Resolve(string path)
    {
        if (path is null || path.Length == 0)
        {
            throw new RepositoryAccessException("A path is required.");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new RepositoryAccessException("A path may not contain a NUL character.");
        }

        if (path.Length > 4096)
        {
            throw new RepositoryAccessException("The path is too long.");
        }

        var normalized = path.Replace('\\', '/');
        if (normalized.StartsWith('~'))
        {
            throw new RepositoryAccessException($"'{path}' refers to a home folder; paths are relative to the repository root.");
        }

        string full = Path.GetFullPath(Path.IsPathRooted(normalized) ? normalized : Path.Combine(Root, normalized));
        full = Path.TrimEndingDirectorySeparator(full);
        if (!string.Equals(full, Root, StringComparison.Ordinal) && !full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new RepositoryAccessException($"'{path}' is outside the repository; only paths under its root are allowed.");
        }

        // Every existing component from the root down must be a real folder or file, never a link.
        var relative = Path.GetRelativePath(Root, full);
        if (relative != ".")
        {
            var current = Root;
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts[0] == ".git")
            {
                throw new RepositoryAccessException($"'{path}' is inside the .git folder, which the repository tools do not read.");
            }

            foreach (var part in parts)
            {
                current = Path.Combine(current, part);
                FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
                if (info.Exists && (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint)))
                {
                    throw new RepositoryAccessException($"'{path}' goes through the symbolic link '{ToRelative(current)}'; links are not followed.");
                }
            }
        }

        return full;
    }
}
