namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Thread-count defaults. llama.cpp's own default (4) makes decoding hundreds of times slower on a
/// 2-core machine, because its threads spin-wait on each other: the default here is the physical cores.</summary>
public static class LlamaThreading
{
    private static readonly Lazy<int> s_physicalCores = new(CountPhysicalCores);

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
