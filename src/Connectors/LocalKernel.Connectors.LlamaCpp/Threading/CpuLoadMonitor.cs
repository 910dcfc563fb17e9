using System.Diagnostics;
using System.Globalization;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// How many of this process's CPUs other work kept busy lately: the busy time of the allowed CPUs (<c>/proc/stat</c>)
/// less this process's own CPU time (<c>/proc/self/stat</c>), sampled at most every <see cref="Window"/>. Our own spinning
/// workers are excluded by construction, so the figure stays honest while ggml's barriers spin: a competing process
/// shows as about one busy core with 1 thread of ours, about two thirds of one with 2 threads on 2 cores. The figure is
/// the larger of the last window and a smoothed history: a competitor that appears counts at once (the collapse it
/// causes costs far more than one window at fewer threads), one that leaves is believed only once the history agrees.
/// One instance per process; thread-safe.
/// </summary>
internal sealed class CpuLoadMonitor
{
    /// <summary>Shortest interval between two samples (the kernel counts in 10 ms ticks).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    // /proc/stat counts in USER_HZ ticks, 100 per second on Linux whatever the kernel's own tick rate.
    private const double TicksPerSecond = 100;

    private readonly Lock _lock = new();
    private readonly IReadOnlySet<int>? _allowed;
    private long _lastSample;
    private (long Busy, long Total, int Cpus, long Own)? _last;
    private double? _othersBusy;
    private double? _latest;

    private CpuLoadMonitor(IReadOnlySet<int>? allowed)
    {
        _allowed = allowed;
        _lastSample = Stopwatch.GetTimestamp();
        Sample(); // the first reading, so a context created a window later already has a figure
    }

    /// <summary>The process-wide monitor, or null where <c>/proc</c> is missing (then thread counts stay fixed).</summary>
    public static CpuLoadMonitor? Shared { get; } = File.Exists("/proc/stat") && File.Exists("/proc/self/stat")
        ? new CpuLoadMonitor(CpuAvailability.AllowedCpus)
        : null;

    /// <summary>Cores' worth of CPU time other processes used lately: the larger of the last window and the smoothed
    /// history; null until two samples exist (<see cref="Shared"/> takes its first when it is created).</summary>
    public double? OthersBusyCores
    {
        get
        {
            lock (_lock)
            {
                long now = Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(_lastSample, now) >= Window)
                {
                    _lastSample = now;
                    Sample();
                }

                return _latest is { } latest && _othersBusy is { } smoothed ? Math.Max(latest, smoothed) : null;
            }
        }
    }

    private void Sample()
    {
        (long Busy, long Total, int Cpus, long Own) current;
        try
        {
            var (busy, total, cpus) = ParseProcStat(File.ReadAllText("/proc/stat"), _allowed);
            long own = ParseOwnTicks(File.ReadAllText("/proc/self/stat"));
            current = (busy, total, cpus, own);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return;
        }

        if (_last is { } last && current.Total > last.Total && current.Cpus > 0)
        {
            // Ticks of one CPU that elapsed in the window; /proc/stat sums them over the CPUs counted.
            double elapsed = (current.Total - last.Total) / (double)current.Cpus;
            double others = Math.Max(0, ((current.Busy - last.Busy) - (current.Own - last.Own)) / elapsed);
            _latest = others;
            // History halves per window of elapsed time, not per sample: when nobody decoded for a while (samples are
            // taken only on demand) one long quiet window must not leave a competitor that left long ago in the figure.
            double keep = Math.Pow(0.5, elapsed / (Window.TotalSeconds * TicksPerSecond));
            _othersBusy = _othersBusy is { } previous ? keep * previous + (1 - keep) * others : others;
        }

        _last = current;
    }

    /// <summary>Busy and total ticks summed over the allowed CPUs' lines of /proc/stat, and how many were counted.</summary>
    internal static (long Busy, long Total, int Cpus) ParseProcStat(string text, IReadOnlySet<int>? allowed)
    {
        long busy = 0, total = 0;
        int cpus = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("cpu") || line.Length < 4 || !char.IsAsciiDigit(line[3]))
            {
                continue;
            }

            var fields = line.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (allowed is not null && !allowed.Contains(int.Parse(fields[0].AsSpan(3), CultureInfo.InvariantCulture)))
            {
                continue;
            }

            // user nice system idle iowait irq softirq steal (guest time is already inside user).
            for (int i = 1; i < Math.Min(fields.Length, 9); i++)
            {
                long value = long.Parse(fields[i], CultureInfo.InvariantCulture);
                total += value;
                if (i != 4 && i != 5)
                {
                    busy += value;
                }
            }

            cpus++;
        }

        return (busy, total, cpus);
    }

    /// <summary>utime + stime of /proc/self/stat, in ticks (fields 14 and 15; the name in parentheses may hold spaces).</summary>
    internal static long ParseOwnTicks(string text)
    {
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
