namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Chooses the thread count of each decode from the cores other work leaves free (<see cref="CpuLoadMonitor"/>):
/// all of <see cref="Max"/> on an idle machine, fewer as soon as other processes keep cores busy, and 1 when nothing is
/// free. ggml's workers spin at a barrier after every graph node, so a worker the OS preempts stalls the others for a
/// whole time slice: with one competing process, 2 threads on 2 cores decode an order of magnitude slower than 1.
/// Other work of more than 0.35 of a core beyond the cores left to us takes a thread away at the next decode; a thread
/// comes back only when other work is below 0.15 of a core (hysteresis: background noise does not flap the count).
/// Measured on 2 cores, one competing busy loop takes about 0.67 of a core while we spin 2 threads and all of one
/// while we run 1, so it is seen either way; an idle machine shows 0.0–0.1.
/// Used by one context's decoding thread at a time; not thread-safe.
/// </summary>
internal sealed class AdaptiveThreadCount
{
    private const double UpMargin = 0.15;
    private const double DownMargin = 0.35;
    private readonly CpuLoadMonitor? _monitor;
    private int _current;

    /// <param name="max">The most threads a decode may use.</param>
    /// <param name="monitor">The load source; null = always <paramref name="max"/>.</param>
    public AdaptiveThreadCount(int max, CpuLoadMonitor? monitor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        Max = max;
        _monitor = monitor;
        // Until the monitor has two samples the machine's state is unknown: 1 thread is never the collapse. The shared
        // monitor samples from the backend's load on, so a context created later usually starts from the right count.
        _current = monitor is null ? max : 1;
        if (max > 1 && monitor?.OthersBusyCores is { } others)
        {
            _current = Decide(_current, max, others);
        }
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
