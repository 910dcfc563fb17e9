namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>What <see cref="LlamaBackend.EnsureLoaded"/> loaded: for diagnostics and support requests.</summary>
public sealed class LlamaBackendInfo
{
    internal LlamaBackendInfo(string libraryDirectory, IReadOnlyList<string> loadedLibraries,
        IReadOnlyList<LlamaDeviceInfo> devices, string? cpuVariant, string systemInfo)
    {
        LibraryDirectory = libraryDirectory;
        LoadedLibraries = loadedLibraries;
        Devices = devices;
        CpuVariant = cpuVariant;
        SystemInfo = systemInfo;
    }

    /// <summary>The directory the libraries were loaded from.</summary>
    public string LibraryDirectory { get; }

    /// <summary>The library files of that directory mapped into the process (Linux: read from /proc/self/maps).</summary>
    public IReadOnlyList<string> LoadedLibraries { get; }

    /// <summary>The devices ggml registered, in its order (GPUs first when present).</summary>
    public IReadOnlyList<LlamaDeviceInfo> Devices { get; }

    /// <summary>The CPU backend variant ggml chose for this processor (e.g. "zen4", "haswell"), when it can be told.</summary>
    public string? CpuVariant { get; }

    /// <summary><c>llama_print_system_info()</c>: the instruction sets and features compiled in and detected.</summary>
    public string SystemInfo { get; }

    /// <summary>True when a GPU (or integrated GPU) device is registered.</summary>
    public bool HasGpu => Devices.Any(d => d.Kind is "GPU" or "IGPU");

    /// <inheritdoc />
    public override string ToString() =>
        $"llama.cpp from {LibraryDirectory}; CPU variant {CpuVariant ?? "unknown"}; devices: " +
        string.Join(", ", Devices.Select(d => $"{d.Name} ({d.Kind}, {d.Description})"));
}
