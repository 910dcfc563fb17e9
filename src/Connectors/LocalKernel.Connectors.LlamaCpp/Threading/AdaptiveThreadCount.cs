namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Chooses the thread count of each decode from the cores other work leaves free (<see cref="CpuLoadMonitor"/>):
/// all of <see cref="Max"/> on an idle machine, fewer as soon as other processes keep cores busy, and 1 when nothing is
/// free. ggml's workers spin at a barrier after every graph node, so a worker the OS preempts stalls the others for a
/// whole time slice: with one competing process, 2 threads on 2 cores decode an order of magnitude slower than 1.
/// Hysteresis (up at ≤ 0.3 busy cores of headroom, down at &gt; 0.6) keeps the count from flapping on noise.
/// Used by one context's decoding thread at a time; not thread-safe.
/// </summary>
internal sealed class AdaptiveThreadCount
{
    private const double UpMargin = 0.3;
    private const double DownMargin = 0.6;
    private readonly CpuLoadMonitor? _monitor;
    private int _current;

    /// <param name="max">The most threads a decode may use.</param>
    /// <param name="monitor">The load source; null = always <paramref name="max"/>.</param>
    public AdaptiveThreadCount(int max, CpuLoadMonitor? monitor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        Max = max;
        _monitor = monitor;
        // Until the monitor has two samples the machine's state is unknown: 1 thread is never the collapse.
        _current = monitor is null ? max : 1;
        _ = monitor?.OthersBusyCores; // the first sample, so the next decode after one window has a figure
    }

    public int Max { get; }

    /// <summary>The thread count for the next decode.</summary>
    public int Next()
    {
        if (Max > 1 && _monitor?.OthersBusyCores is { } others)
        {
            _current = Decide(_current, Max, others);
        }

        return _current;
    }

    /// <summary>The rule, separated for tests: threads that fit the cores left free by <paramref name="othersBusy"/>.</summary>
    internal static int Decide(int current, int max, double othersBusy)
    {
        int up = Math.Clamp((int)Math.Floor(max - othersBusy + UpMargin), 1, max);
        int down = Math.Clamp((int)Math.Floor(max - othersBusy + DownMargin), 1, max);
        return up > current ? up : down < current ? down : current;
    }
}
