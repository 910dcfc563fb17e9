using System.Reflection;
using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Finds the llama.cpp library files in one directory and maps the logical names used by
/// <see cref="NativeMethods"/> to them. Loading by full path matters: the files are versioned
/// (<c>libllama.v0.5.0.so</c>), and libllama must find the very same libggml next to it.
/// </summary>
internal static class NativeLibraryLoader
{
    private static readonly (string Logical, string[] Patterns)[] Libraries =
    [
        // Order matters: each library's dependencies are loaded before it.
        (NativeMethods.GgmlBaseLibrary, ["libggml-base.so", "libggml-base.dylib", "ggml-base.dll"]),
        (NativeMethods.GgmlLibrary, ["libggml.v*.so", "libggml.so", "libggml.dylib", "ggml.dll"]),
        (NativeMethods.LlamaLibrary, ["libllama.v*.so", "libllama.so", "libllama.dylib", "llama.dll"]),
    ];

    private static Dictionary<string, IntPtr>? s_handles;

    /// <summary>The directory chosen from options, the environment, then the application's own folder.</summary>
    public static string ResolveDirectory(LlamaBackendOptions? options)
    {
        var directory = options?.LibraryDirectory;
        if (string.IsNullOrWhiteSpace(directory))
        {
            directory = Environment.GetEnvironmentVariable(LlamaBackendOptions.LibraryDirectoryEnvironmentVariable);
        }

        if (string.IsNullOrWhiteSpace(directory))
        {
            directory = Path.Combine(AppContext.BaseDirectory, "llama-native");
        }

        return Path.GetFullPath(directory);
    }

    /// <summary>Loads the three core libraries from <paramref name="directory"/> and installs the import resolver.</summary>
    /// <exception cref="LlamaException">A library is missing or cannot be loaded.</exception>
    public static void Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw NotFound(directory, "the directory does not exist");
        }

        var handles = new Dictionary<string, IntPtr>(StringComparer.Ordinal);
        foreach (var (logical, patterns) in Libraries)
        {
            var file = patterns
                .SelectMany(p => Directory.EnumerateFiles(directory, p))
                .OrderBy(f => f, StringComparer.Ordinal)
                .FirstOrDefault() ?? throw NotFound(directory, $"no {patterns[0]} in it");
            try
            {
                handles[logical] = NativeLibrary.Load(file);
            }
            catch (DllNotFoundException e)
            {
                throw new LlamaException(LlamaStatus.NativeLibraryNotFound,
                    $"The llama.cpp library '{file}' exists but could not be loaded: {e.Message}", e);
            }
        }

        s_handles = handles;
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        s_handles is not null && s_handles.TryGetValue(libraryName, out var handle) ? handle : IntPtr.Zero;

    private static LlamaException NotFound(string directory, string why) => new(LlamaStatus.NativeLibraryNotFound,
        $"No llama.cpp libraries in '{directory}' ({why}). Build the project (the build restores them with npm), " +
        $"or set {LlamaBackendOptions.LibraryDirectoryEnvironmentVariable} to a directory holding libllama, libggml, libggml-base and the ggml backends.");

    /// <summary>Files of <paramref name="directory"/> that the process has mapped (Linux only; empty elsewhere).</summary>
    public static IReadOnlyList<string> MappedFilesIn(string directory)
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return [];
        }

        var prefix = directory.EndsWith('/') ? directory : directory + "/";
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is var slash and >= 0 ? line[slash..] : null)
            .Where(path => path is not null && path.StartsWith(prefix, StringComparison.Ordinal))
            .Select(path => path!)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToArray();
    }
}
