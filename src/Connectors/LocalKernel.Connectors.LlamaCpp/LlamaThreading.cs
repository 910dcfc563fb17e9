namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// How many CPU threads llama.cpp decodes with. ggml's workers spin-wait for each other at a barrier after every graph
/// node, so a worker the OS preempts stalls all the others for a whole time slice: on a 2-core machine with one other
/// busy process, 2 threads generated 0.7–8 tokens/s where 1 thread generated 30–81 (bench <c>threads --compete 1</c>).
/// A persistent threadpool and ggml's polling level change nothing to that barrier; only the thread count does.
/// <para>The rule, applied when no thread count is given (<see cref="LlamaContextOptions.Threads"/>,
/// <see cref="LlamaChatClientOptions.Threads"/>, <see cref="LlamaEmbeddingGeneratorOptions.Threads"/> left null):
/// before every decode, use as many threads as cores are left free by other work — the busy time of this process's
/// CPUs less its own CPU time, sampled every 100 ms — up to <see cref="PhysicalCoreCount"/>, and 1 thread as soon as
/// other work keeps a core busy (or until the load is known). A given thread count is used as is, for every decode.</para>
/// <para>Decodes run on persistent ggml threadpools with polling off: idle workers sleep between decodes instead of
/// spinning on cores the application needs, and no thread is started per decode.</para>
/// </summary>
public static class LlamaThreading
{
    /// <summary>Threads for generation when only <see cref="LlamaContextOptions.BatchThreads"/> is given: the physical
    /// cores less one, which stays free for the application and the OS; at least 1.</summary>
    public static int DefaultGenerationThreads => Math.Max(1, PhysicalCoreCount - 1);

    /// <summary>The most threads an adaptive decode uses: <see cref="PhysicalCoreCount"/>.</summary>
    public static int DefaultBatchThreads => PhysicalCoreCount;

    /// <summary>Physical cores this process may use: the cores of its CPU affinity mask (hyper-threads not counted),
    /// capped by a container's cgroup CPU quota (rounded down); at least 1.</summary>
    public static int PhysicalCoreCount => CpuAvailability.UsableCores;
}
