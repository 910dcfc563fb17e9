using System.Reflection;
using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Finds the llama.cpp library files in one directory and maps the logical names used by
/// <see cref="NativeMethods"/> to them. Loading by full path matters: the files are versioned
/// (<c>libllama.v0.5.0.so</c>, or <c>libllama.cuda.v0.5.0.so</c> for a GPU build), and libllama must find the very
/// same libggml next to it.
/// </summary>
internal static class NativeLibraryLoader
{
    private static readonly (string Logical, string[] Patterns)[] Libraries =
    [
        // Order matters: each library's dependencies are loaded before it.
        (NativeMethods.GgmlBaseLibrary, ["libggml-base.so", "libggml-base.dylib", "ggml-base.dll"]),
        (NativeMethods.GgmlLibrary, ["libggml.v*.so", "libggml.*.v*.so", "libggml.so", "libggml.dylib", "ggml.dll"]),
        (NativeMethods.LlamaLibrary, ["libllama.v*.so", "libllama.*.v*.so", "libllama.so", "libllama.dylib", "llama.dll"]),
    ];

    private static Dictionary<string, IntPtr>? s_handles;

    /// <summary>The directory chosen by <see cref="NativeLibraryLocator"/>: options, the environment, the repository's
    /// <c>llama-native/</c> folder, then the backend packages.</summary>
    /// <exception cref="LlamaException">No directory holds the libraries (<see cref="LlamaStatus.NativeLibraryNotFound"/>).</exception>
    public static string ResolveDirectory(LlamaBackendOptions? options)
    {
        var explicitDirectory = options?.LibraryDirectory;
        if (string.IsNullOrWhiteSpace(explicitDirectory))
        {
            explicitDirectory = Environment.GetEnvironmentVariable(LlamaBackendOptions.LibraryDirectoryEnvironmentVariable);
        }

        var searched = new List<string>();
        return NativeLibraryLocator.Choose(explicitDirectory, AppContext.BaseDirectory, NativeLibraryLocator.HostNativeSearchDirectories(),
                   driver => NativeLibrary.TryLoad(driver, out _), searched)
               ?? throw new LlamaException(LlamaStatus.NativeLibraryNotFound,
                   "No llama.cpp libraries were found. Reference a backend package (LocalKernel.Backend.Cpu, or .Cuda / .Vulkan), " +
                   $"or set {LlamaBackendOptions.LibraryDirectoryEnvironmentVariable} to a directory holding libllama, libggml, libggml-base and the ggml backends. " +
                   "Looked in: " + string.Join("; ", searched));
    }

    /// <summary>The file of <paramref name="logical"/> (a <see cref="NativeMethods"/> library name) in <paramref name="directory"/>, if any.</summary>
    public static string? FindLibrary(string directory, string logical) =>
        Libraries.First(l => l.Logical == logical).Patterns
            .SelectMany(p => Directory.EnumerateFiles(directory, p))
            .OrderBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault();

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
            var file = FindLibrary(directory, logical) ?? throw NotFound(directory, $"no {patterns[0]} in it");
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
