using System.Globalization;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The CPUs this process may actually run on: the logical CPUs of its affinity mask (<c>sched_getaffinity</c>, read
/// from <c>/proc/self/status</c>), the physical cores among them (hyper-threads of one core share its arithmetic units,
/// so ggml gains nothing from the second one), and the cgroup CPU quota of a container (<c>cpu.max</c>), which caps
/// how many cores' worth of time the process gets however many CPUs it sees.
/// </summary>
internal static class CpuAvailability
{
    private static readonly Lazy<IReadOnlySet<int>?> s_allowed = new(ReadAllowedCpus);
    private static readonly Lazy<int> s_cores = new(CountUsableCores);

    /// <summary>Logical CPU numbers of the affinity mask, or null where the system does not say (not Linux).</summary>
    public static IReadOnlySet<int>? AllowedCpus => s_allowed.Value;

    /// <summary>Physical cores of the affinity mask, capped by the cgroup quota (rounded down), at least 1.</summary>
    public static int UsableCores => s_cores.Value;

    private static int CountUsableCores()
    {
        int cores = CountPhysicalCores(AllowedCpus);
        if (ReadCgroupQuota() is { } quota)
        {
            cores = Math.Min(cores, Math.Max(1, (int)Math.Floor(quota)));
        }

        return Math.Max(1, cores);
    }

    // A core is a distinct (physical id, core id) pair among the allowed processors.
    private static int CountPhysicalCores(IReadOnlySet<int>? allowed)
    {
        int logical = Environment.ProcessorCount;
        try
        {
            const string cpuinfo = "/proc/cpuinfo";
            if (!File.Exists(cpuinfo))
            {
                return logical;
            }

            var cores = new HashSet<(string, string)>();
            int processor = -1;
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
                switch (key)
                {
                    case "processor":
                        processor = int.TryParse(value, CultureInfo.InvariantCulture, out var p) ? p : -1;
                        physicalId = "0";
                        break;
                    case "physical id":
                        physicalId = value;
                        break;
                    case "core id" when allowed is null || allowed.Contains(processor):
                        cores.Add((physicalId, value));
                        break;
                }
            }

            return cores.Count == 0 ? logical : Math.Clamp(cores.Count, 1, logical);
        }
        catch (IOException)
        {
            return logical;
        }
    }

    /// <summary>Parses a Linux CPU list such as <c>0-3,8,10-11</c>.</summary>
    internal static HashSet<int>? ParseCpuList(string list)
    {
        var cpus = new HashSet<int>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0 && int.TryParse(part, CultureInfo.InvariantCulture, out var single))
            {
                cpus.Add(single);
            }
            else if (dash > 0 && int.TryParse(part[..dash], CultureInfo.InvariantCulture, out var from)
                && int.TryParse(part[(dash + 1)..], CultureInfo.InvariantCulture, out var to) && to >= from)
            {
                for (int cpu = from; cpu <= to; cpu++)
                {
                    cpus.Add(cpu);
                }
            }
            else
            {
                return null;
            }
        }

        return cpus.Count == 0 ? null : cpus;
    }

    /// <summary>Parses cgroup v2 <c>cpu.max</c> ("quota period", or "max period" for no limit) into cores.</summary>
    internal static double? ParseCpuMax(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 && parts[0] != "max"
            && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var quota)
            && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var period) && quota > 0 && period > 0
            ? quota / period
            : null;
    }

    private static HashSet<int>? ReadAllowedCpus()
    {
        try
        {
            const string status = "/proc/self/status";
            if (!File.Exists(status))
            {
                return null;
            }

            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            return line is null ? null : ParseCpuList(line["Cpus_allowed_list:".Length..]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double? ReadCgroupQuota()
    {
        try
        {
            const string cpuMax = "/sys/fs/cgroup/cpu.max";
            return File.Exists(cpuMax) ? ParseCpuMax(File.ReadAllText(cpuMax)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
