namespace LocalKernel.Connectors.LlamaCpp.Tests;

[Collection(NativeLogCollection.Name)]
public class LlamaBackendTests
{
    [Fact]
    public void Loading_reports_the_library_files_the_cpu_variant_and_a_cpu_device()
    {
        var info = LlamaBackend.EnsureLoaded();

        Assert.Same(info, LlamaBackend.EnsureLoaded());
        Assert.Contains(info.LoadedLibraries, f => Path.GetFileName(f).StartsWith("libllama", StringComparison.Ordinal));
        Assert.Contains(info.LoadedLibraries, f => Path.GetFileName(f).StartsWith("libggml-base", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(info.CpuVariant));
        Assert.Contains(info.LoadedLibraries, f => Path.GetFileName(f) == $"libggml-cpu-{info.CpuVariant}.so");
        Assert.Contains(info.Devices, d => d.Kind == "CPU");
        Assert.Contains("CPU", info.SystemInfo, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_another_directory_after_loading_is_refused()
    {
        LlamaBackend.EnsureLoaded();
        var other = Directory.CreateTempSubdirectory().FullName;
        var e = Assert.Throws<InvalidOperationException>(() =>
            LlamaBackend.EnsureLoaded(new LlamaBackendOptions { LibraryDirectory = other }));
        Assert.Contains("already loaded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_native_libraries_is_a_typed_error_naming_it()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        var e = Assert.Throws<LlamaException>(() => NativeLibraryLoader.Load(empty));
        Assert.Equal(LlamaStatus.NativeLibraryNotFound, e.Status);
        Assert.Contains(empty, e.Message, StringComparison.Ordinal);
        Assert.Contains(LlamaBackendOptions.LibraryDirectoryEnvironmentVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_a_typed_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<LlamaException>(() => NativeLibraryLoader.Load(missing));
        Assert.Equal(LlamaStatus.NativeLibraryNotFound, e.Status);
    }

    [Fact]
    public void The_native_log_goes_to_the_logger_not_to_stderr()
    {
        var loggers = new CapturingLoggerFactory();
        LlamaBackend.EnsureLoaded(loggerFactory: loggers);
        using (LlamaModel.Load(TestPaths.Stories260K))
        {
        }

        Assert.Contains(loggers.Lines, l => l.Category == LlamaBackend.NativeLogCategory && l.Message.Contains("llama_model_loader", StringComparison.Ordinal));
        Assert.DoesNotContain(loggers.Lines, l => l.Message.EndsWith('\n'));
    }

    [Fact]
    public void Default_threads_adapt_up_to_the_physical_cores_and_a_given_count_is_kept()
    {
        Assert.InRange(LlamaThreading.PhysicalCoreCount, 1, Environment.ProcessorCount);
        Assert.Equal(LlamaThreading.PhysicalCoreCount, LlamaThreading.DefaultBatchThreads);
        Assert.Equal(Math.Max(1, LlamaThreading.PhysicalCoreCount - 1), LlamaThreading.DefaultGenerationThreads);

        using var model = LlamaModel.Load(TestPaths.Stories260K);
        using (var adaptive = new LlamaContext(model, new LlamaContextOptions { ContextSize = 64 }))
        {
            Assert.True(adaptive.AdaptiveThreads);
            Assert.Equal(LlamaThreading.PhysicalCoreCount, adaptive.MaxThreads);
            adaptive.Decode([1, 2, 3], 0);
            Assert.InRange(NativeMethods.llama_n_threads(adaptive.Handle), 1, adaptive.MaxThreads);
            Assert.Equal(adaptive.Threads, NativeMethods.llama_n_threads(adaptive.Handle));
            Assert.Equal(adaptive.Threads, NativeMethods.llama_n_threads_batch(adaptive.Handle));
        }

        using var fixedCount = new LlamaContext(model, new LlamaContextOptions { ContextSize = 64, Threads = 2 });
        Assert.False(fixedCount.AdaptiveThreads);
        fixedCount.Decode([1, 2, 3], 0);
        Assert.Equal(2, NativeMethods.llama_n_threads(fixedCount.Handle));
        Assert.Equal(2, NativeMethods.llama_n_threads_batch(fixedCount.Handle));
    }
}
