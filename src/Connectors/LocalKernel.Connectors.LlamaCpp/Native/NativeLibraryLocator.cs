namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Chooses the one directory llama.cpp is loaded from. First found wins:
/// <list type="number">
/// <item><see cref="LlamaBackendOptions.LibraryDirectory"/>, then <c>$LOCALKERNEL_LLAMA_LIB_DIR</c> (taken as given:
/// a wrong directory is an error, not a reason to look elsewhere);</item>
/// <item><c>llama-native/</c> beside the application (this repository's own build);</item>
/// <item>a backend package's folder <c>localkernel-&lt;backend&gt;</c>, in the order cuda, vulkan, cpu — a GPU
/// backend only when its driver library loads on this machine — looked for under the application's
/// <c>runtimes/linux-x64/native/</c> (a framework-dependent build), the application folder itself (a
/// self-contained publish) and the host's native search directories.</item>
/// </list>
/// Exactly one directory is chosen, so an application that references two backend packages still gets one
/// ggml backend registry: the preferred backend that can run here.
/// </summary>
internal static class NativeLibraryLocator
{
    /// <summary>Backend packages in preference order, with the driver library each needs at run time.</summary>
    internal static readonly (string Backend, string? DriverLibrary)[] PackagePreference =
    [
        ("cuda", "libcuda.so.1"),
        ("vulkan", "libvulkan.so.1"),
        ("cpu", null),
    ];

    /// <summary>The folder under which the .NET SDK places a package's linux-x64 native files in a framework-dependent build.</summary>
    internal const string RuntimeNativeFolder = "runtimes/linux-x64/native";

    /// <summary>The directory to load, or null when none was found (<paramref name="searched"/> then lists where it looked).</summary>
    /// <param name="explicitDirectory">From options or the environment variable; returned as is when set.</param>
    /// <param name="applicationDirectory">The application's own folder (<see cref="AppContext.BaseDirectory"/>).</param>
    /// <param name="nativeSearchDirectories">The host's <c>NATIVE_DLL_SEARCH_DIRECTORIES</c>.</param>
    /// <param name="driverLoads">Whether a GPU driver library can be loaded on this machine.</param>
    /// <param name="searched">Every directory looked at, in order, with why it was not taken.</param>
    public static string? Choose(string? explicitDirectory, string applicationDirectory, IEnumerable<string> nativeSearchDirectories,
        Func<string, bool> driverLoads, List<string> searched)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return Path.GetFullPath(explicitDirectory);
        }

        var repositoryBuild = Path.Combine(applicationDirectory, "llama-native");
        if (HasLlamaLibrary(repositoryBuild))
        {
            return repositoryBuild;
        }

        searched.Add($"{repositoryBuild} (absent)");
        var roots = new[] { Path.Combine(applicationDirectory, RuntimeNativeFolder), applicationDirectory }
            .Concat(nativeSearchDirectories)
            .Where(root => root.Length > 0)
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        foreach (var (backend, driver) in PackagePreference)
        {
            foreach (var root in roots)
            {
                var candidate = Path.Combine(root, "localkernel-" + backend);
                if (!HasLlamaLibrary(candidate))
                {
                    continue;
                }

                if (driver is not null && !driverLoads(driver))
                {
                    searched.Add($"{candidate} (skipped: {driver} does not load, so the {backend} backend cannot run here)");
                    continue;
                }

                return candidate;
            }
        }

        if (HasLlamaLibrary(applicationDirectory))
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(applicationDirectory));
        }

        searched.Add($"localkernel-<backend>/ under {string.Join(", ", roots)} (no backend package)");
        searched.Add($"{applicationDirectory} (no libllama: not a self-contained publish with a backend package)");
        return null;
    }

    /// <summary>The host's native search directories (deps.json probing), for packages not copied beside the app.</summary>
    public static IEnumerable<string> HostNativeSearchDirectories() =>
        (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool HasLlamaLibrary(string directory) =>
        Directory.Exists(directory) && NativeLibraryLoader.FindLibrary(directory, NativeMethods.LlamaLibrary) is not null;
}
