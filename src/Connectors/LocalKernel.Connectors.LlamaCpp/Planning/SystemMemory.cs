using System.Globalization;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>What memory this process can use: the machine's, lowered by a container (cgroup) limit.</summary>
public static class SystemMemory
{
    /// <summary>Physical memory available to the process, in bytes (cgroup limit when lower); null when unknown.</summary>
    public static long? TotalBytes => Min(ReadMeminfo("MemTotal"), ReadCgroupLimit());

    /// <summary>Memory that can be allocated now without swapping (MemAvailable, cgroup headroom when lower); null when unknown.</summary>
    public static long? AvailableBytes => Min(ReadMeminfo("MemAvailable"), ReadCgroupLimit() - ReadCgroupUsage());

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static long? ReadMeminfo(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    var kilobytes = line[(key.Length + 1)..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static long? ReadCgroupLimit() => ReadNumber("/sys/fs/cgroup/memory.max");

    private static long? ReadCgroupUsage() => ReadNumber("/sys/fs/cgroup/memory.current") ?? 0;

    private static long? ReadNumber(string path)
    {
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
