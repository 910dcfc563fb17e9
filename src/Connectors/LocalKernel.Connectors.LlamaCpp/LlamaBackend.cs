using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Loads llama.cpp into the process, explicitly and once. Every entry point of this library calls
/// <see cref="EnsureLoaded"/>; applications call it themselves to choose the library directory, route the
/// native log or print what was loaded. Thread-safe.
/// </summary>
public static class LlamaBackend
{
    private static readonly Lock s_gate = new();
    private static LlamaBackendInfo? s_info;

    /// <summary>The logger category of llama.cpp's and ggml's own log lines.</summary>
    public const string NativeLogCategory = "LocalKernel.LlamaCpp.Native";

    /// <summary>The loaded backend, or null before the first successful <see cref="EnsureLoaded"/>.</summary>
    public static LlamaBackendInfo? Info => Volatile.Read(ref s_info);

    /// <summary>
    /// Loads the native libraries and every ggml backend in their directory, then initialises llama.cpp.
    /// Later calls return the same result; a later call that names another directory throws.
    /// </summary>
    /// <param name="options">Where the libraries are; null for the default (see <see cref="LlamaBackendOptions.LibraryDirectory"/>).</param>
    /// <param name="loggerFactory">Receives the native log (category <see cref="NativeLogCategory"/>). The native log is
    /// process-wide: the latest non-null factory passed here receives it; null leaves the current routing (none at first).</param>
    /// <exception cref="LlamaException">The libraries are missing or unloadable (<see cref="LlamaStatus.NativeLibraryNotFound"/>),
    /// or no compute backend registered (<see cref="LlamaStatus.NoBackend"/>).</exception>
    public static LlamaBackendInfo EnsureLoaded(LlamaBackendOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        var loaded = Info;
        if (loaded is not null)
        {
            RouteLog(loggerFactory);
            return CheckSameDirectory(loaded, options);
        }

        lock (s_gate)
        {
            if (s_info is not null)
            {
                RouteLog(loggerFactory);
                return CheckSameDirectory(s_info, options);
            }

            // The load monitor takes its first reading now: by the time a model is loaded and a context made, the adaptive
            // thread rule already knows whether other work keeps cores busy.
            _ = CpuLoadMonitor.Shared;
            var directory = NativeLibraryLoader.ResolveDirectory(options);
            NativeLibraryLoader.Load(directory);

            // The log callback goes in before the backends load so that their messages are routed too.
            NativeLogBridge.Install(loggerFactory?.CreateLogger(NativeLogCategory) ?? NullLogger.Instance);

            // The automatic backend search looks beside the executable (dotnet itself): name the directory.
            NativeMethods.ggml_backend_load_all_from_path(directory);
            LoadCudaFallback(directory);
            NativeMethods.llama_backend_init();

            var devices = ReadDevices();
            if (NativeMethods.ggml_backend_reg_count() == 0 || devices.Count == 0)
            {
                throw new LlamaException(LlamaStatus.NoBackend,
                    $"llama.cpp loaded from '{directory}' but no compute backend registered: the libggml-cpu-*.so files are missing there, or none suits this CPU.");
            }

            var mapped = NativeLibraryLoader.MappedFilesIn(directory);
            var info = new LlamaBackendInfo(directory, mapped, devices, FindCpuVariant(mapped),
                Marshal.PtrToStringUTF8(NativeMethods.llama_print_system_info())?.Trim() ?? string.Empty);
            Volatile.Write(ref s_info, info);
            return info;
        }
    }

    // The CUDA build's libggml-cuda.so needs the CUDA 13 runtime; when that is missing ggml skips it, and the
    // CUDA 12 build in fallback/ (node-llama-cpp's -ext package, carried by LocalKernel.Backend.Cuda) may load instead.
    private static void LoadCudaFallback(string directory)
    {
        var fallback = Path.Combine(directory, "fallback", "libggml-cuda.so");
        if (File.Exists(fallback) && !ReadDevices().Any(d => d.Kind is "GPU" or "IGPU"))
        {
            NativeMethods.ggml_backend_load(fallback);
        }
    }

    private static void RouteLog(ILoggerFactory? loggerFactory)
    {
        if (loggerFactory is not null)
        {
            NativeLogBridge.SetLogger(loggerFactory.CreateLogger(NativeLogCategory));
        }
    }

    private static LlamaBackendInfo CheckSameDirectory(LlamaBackendInfo loaded, LlamaBackendOptions? options)
    {
        if (options?.LibraryDirectory is { Length: > 0 } wanted &&
            !string.Equals(Path.GetFullPath(wanted), loaded.LibraryDirectory, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"llama.cpp is already loaded from '{loaded.LibraryDirectory}'; a process can load it from one directory only (asked for '{wanted}').");
        }

        return loaded;
    }

    private static List<LlamaDeviceInfo> ReadDevices()
    {
        var devices = new List<LlamaDeviceInfo>();
        var count = NativeMethods.ggml_backend_dev_count();
        for (nuint i = 0; i < count; i++)
        {
            var device = NativeMethods.ggml_backend_dev_get(i);
            NativeMethods.ggml_backend_dev_memory(device, out var free, out var total);
            devices.Add(new LlamaDeviceInfo(
                Marshal.PtrToStringUTF8(NativeMethods.ggml_backend_dev_name(device)) ?? "?",
                Marshal.PtrToStringUTF8(NativeMethods.ggml_backend_dev_description(device)) ?? string.Empty,
                NativeMethods.ggml_backend_dev_type(device) switch
                {
                    0 => "CPU",
                    1 => "GPU",
                    2 => "IGPU",
                    3 => "ACCEL",
                    4 => "META",
                    var other => other.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                (long)free,
                (long)total));
        }

        return devices;
    }

    // ggml loads the best of its libggml-cpu-<variant>.so files for this processor; the mapped file names it.
    private static string? FindCpuVariant(IReadOnlyList<string> mapped)
    {
        const string prefix = "libggml-cpu-";
        var file = mapped.Select(Path.GetFileName).FirstOrDefault(f => f!.StartsWith(prefix, StringComparison.Ordinal));
        return file is null ? null : Path.GetFileNameWithoutExtension(file)[prefix.Length..];
    }
}
