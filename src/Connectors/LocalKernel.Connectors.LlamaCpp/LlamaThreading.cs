namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Thread-count defaults. ggml's CPU workers spin-wait for each other at every operation, so a worker that the OS
/// preempts stalls all the others: llama.cpp's own default of 4 threads makes decoding hundreds of times slower on a
/// 2-core machine, and even one thread per core collapses whenever anything else runs (measured on a 2-core VM with
/// other work running: 2 generation threads gave 1,020 tokens/s in one run and 4 in the next; 1 thread a steady 815–903).
/// </summary>
public static class LlamaThreading
{
    private static readonly Lazy<int> s_physicalCores = new(CountPhysicalCores);

    /// <summary>Threads for generation (one token per step, short operations, most sensitive to preemption): the physical
    /// cores less one, which stays free for the application and the OS; at least 1.</summary>
    public static int DefaultGenerationThreads => Math.Max(1, PhysicalCoreCount - 1);

    /// <summary>Threads for prompt processing and embeddings (large batches, long operations): the physical cores.</summary>
    public static int DefaultBatchThreads => PhysicalCoreCount;

    /// <summary>Physical cores available to this process (hyper-threads not counted; never more than
    /// <see cref="Environment.ProcessorCount"/>, which honours container CPU limits).</summary>
    public static int PhysicalCoreCount => s_physicalCores.Value;

    private static int CountPhysicalCores()
    {
        int logical = Environment.ProcessorCount;
        try
        {
            const string cpuinfo = "/proc/cpuinfo";
            if (!File.Exists(cpuinfo))
            {
                return logical;
            }

            // A core is a distinct (physical id, core id) pair.
            var cores = new HashSet<(string, string)>();
            string physicalId = "0";
            foreach (var line in File.ReadLines(cpuinfo))
            {
                var colon = line.IndexOf(':');
                if (colon < 0)
                {
                    continue;
                }

                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (key == "physical id")
                {
                    physicalId = value;
                }
                else if (key == "core id")
                {
                    cores.Add((physicalId, value));
                }
            }

            return cores.Count == 0 ? logical : Math.Clamp(cores.Count, 1, logical);
        }
        catch (IOException)
        {
            return logical;
        }
    }
}
