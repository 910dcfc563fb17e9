using LocalKernel.Connectors.LlamaCpp;
using Xunit;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Which directory the loader takes when an application carries the repository's llama-native/ folder, one backend
/// package, or several: the layouts of a framework-dependent build (runtimes/linux-x64/native/localkernel-*) and of
/// a self-contained publish (localkernel-* beside the app), built here as real folders with library-named files.
/// </summary>
public sealed class NativeLibraryLocatorTests : IDisposable
{
    private readonly string _app = Directory.CreateTempSubdirectory("lk-locator-").FullName;

    public void Dispose() => Directory.Delete(_app, recursive: true);

    [Fact]
    public void An_explicit_directory_is_taken_as_given_even_when_packages_exist()
    {
        Backend("runtimes/linux-x64/native/localkernel-cpu", cpu: true);

        Assert.Equal(Path.GetFullPath("/opt/my-llama"), Choose("/opt/my-llama", driverLoads: _ => true));
    }

    [Fact]
    public void The_repository_build_folder_comes_before_backend_packages()
    {
        Backend("llama-native", cpu: true);
        Backend("runtimes/linux-x64/native/localkernel-cuda", cpu: false);

        Assert.Equal(Path.Combine(_app, "llama-native"), Choose(null, driverLoads: _ => true));
    }

    [Fact]
    public void A_framework_dependent_build_finds_the_cpu_package_under_runtimes()
    {
        Backend("runtimes/linux-x64/native/localkernel-cpu", cpu: true);

        Assert.Equal(Path.Combine(_app, "runtimes/linux-x64/native/localkernel-cpu"), Choose(null, driverLoads: _ => false));
    }

    [Fact]
    public void A_self_contained_publish_finds_the_libraries_flattened_into_the_app_folder()
    {
        Backend(".", cpu: true);

        Assert.Equal(Path.GetFullPath(_app), Choose(null, driverLoads: _ => false));
    }

    [Fact]
    public void A_package_folder_beside_the_app_comes_before_libraries_in_the_app_folder()
    {
        Backend(".", cpu: true);
        Backend("localkernel-cuda", cpu: false);

        Assert.Equal(Path.Combine(_app, "localkernel-cuda"), Choose(null, driverLoads: _ => true));
    }

    [Fact]
    public void With_cpu_and_cuda_packages_cuda_wins_only_when_the_driver_loads()
    {
        Backend("runtimes/linux-x64/native/localkernel-cpu", cpu: true);
        Backend("runtimes/linux-x64/native/localkernel-cuda", cpu: false);

        Assert.Equal(Path.Combine(_app, "runtimes/linux-x64/native/localkernel-cuda"), Choose(null, driverLoads: d => d == "libcuda.so.1"));

        var searched = new List<string>();
        Assert.Equal(Path.Combine(_app, "runtimes/linux-x64/native/localkernel-cpu"), Choose(null, driverLoads: _ => false, searched));
        Assert.Contains(searched, s => s.Contains("localkernel-cuda", StringComparison.Ordinal) && s.Contains("libcuda.so.1 does not load", StringComparison.Ordinal));
    }

    [Fact]
    public void Vulkan_comes_after_cuda_and_before_cpu()
    {
        Backend("runtimes/linux-x64/native/localkernel-cpu", cpu: true);
        Backend("runtimes/linux-x64/native/localkernel-vulkan", cpu: false);
        Backend("runtimes/linux-x64/native/localkernel-cuda", cpu: false);

        Assert.Equal(Path.Combine(_app, "runtimes/linux-x64/native/localkernel-vulkan"), Choose(null, driverLoads: d => d == "libvulkan.so.1"));
    }

    [Fact]
    public void The_hosts_native_search_directories_are_searched_too()
    {
        var probe = Path.Combine(_app, "nuget-cache", "localkernel.backend.cpu", "0.1.0", "runtimes", "linux-x64", "native");
        Backend(Path.GetRelativePath(_app, Path.Combine(probe, "localkernel-cpu")), cpu: true);

        var chosen = NativeLibraryLocator.Choose(null, Path.Combine(_app, "bin"), [probe], _ => false, []);

        Assert.Equal(Path.Combine(probe, "localkernel-cpu"), chosen);
    }

    [Fact]
    public void Nothing_found_lists_every_place_it_looked()
    {
        Directory.CreateDirectory(Path.Combine(_app, "runtimes/linux-x64/native/localkernel-cpu")); // empty: no libllama

        var searched = new List<string>();
        Assert.Null(Choose(null, driverLoads: _ => true, searched));
        Assert.Contains(searched, s => s.Contains("llama-native", StringComparison.Ordinal));
        Assert.Contains(searched, s => s.Contains("no backend package", StringComparison.Ordinal));
    }

    [Fact]
    public void Gpu_builds_name_their_libraries_after_the_backend()
    {
        var directory = Backend("localkernel-cuda", cpu: false);

        Assert.EndsWith("libllama.cuda.v0.5.0.so", NativeLibraryLoader.FindLibrary(directory, NativeMethods.LlamaLibrary));
        Assert.EndsWith("libggml.cuda.v0.5.0.so", NativeLibraryLoader.FindLibrary(directory, NativeMethods.GgmlLibrary));
        Assert.EndsWith("libggml-base.so", NativeLibraryLoader.FindLibrary(directory, NativeMethods.GgmlBaseLibrary));
    }

    private string? Choose(string? explicitDirectory, Func<string, bool> driverLoads, List<string>? searched = null) =>
        NativeLibraryLocator.Choose(explicitDirectory, _app, [], driverLoads, searched ?? []);

    // Library-named empty files in the layout of node-llama-cpp's builds: the CPU build's files are unversioned by
    // backend (libllama.v0.5.0.so), a GPU build's carry the backend's name (libllama.cuda.v0.5.0.so).
    private string Backend(string relative, bool cpu)
    {
        Directory.CreateDirectory(Path.Combine(_app, relative));
        var directory = Path.GetFullPath(Path.Combine(_app, relative));
        var tag = cpu ? "" : relative.EndsWith("vulkan", StringComparison.Ordinal) ? "vulkan." : "cuda.";
        foreach (var file in new[] { "libggml-base.so", $"libggml.{tag}v0.5.0.so", $"libllama.{tag}v0.5.0.so", "libggml-cpu-x64.so" })
        {
            File.WriteAllBytes(Path.Combine(directory, file), []);
        }

        return directory;
    }
}
