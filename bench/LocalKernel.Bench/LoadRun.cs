using System.Diagnostics;

namespace LocalKernel.Bench;

/// <summary>
/// What N concurrent clients achieved in a fixed window. Tokens are counted as they arrive and only inside the window;
/// requests still running when it closes are cancelled (a closed window is not an error), so no tail of slow requests
/// leaks into the rate and both paths are measured over exactly the same time.
/// </summary>
internal sealed class LoadRun
{
    private readonly List<double> _ttfts = [];
    private long _tokens;

    public int Requests { get; private set; }

    public int Errors { get; private set; }

    public long Tokens => Interlocked.Read(ref _tokens);

    public double Seconds { get; private set; }

    public double TokensPerSecond => Tokens / Seconds;

    public double Percentile(double p)
    {
        if (_ttfts.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _ttfts.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>Adds another window's figures to this one.</summary>
    public void Add(LoadRun other)
    {
        Requests += other.Requests;
        Errors += other.Errors;
        _tokens += other.Tokens;
        Seconds += other.Seconds;
        _ttfts.AddRange(other._ttfts);
    }

    /// <summary>Each client sends requests back to back until the window closes.</summary>
    /// <param name="clients">Concurrent clients.</param>
    /// <param name="window">How long.</param>
    /// <param name="request">Sends request n; calls the action once per token received; returns the time to the first
    /// token in ms (null when none came).</param>
    public static async Task<LoadRun> DriveAsync(int clients, TimeSpan window, Func<int, Action, CancellationToken, Task<double?>> request)
    {
        var run = new LoadRun();
        using var close = new CancellationTokenSource(window);
        var clock = Stopwatch.StartNew();
        var errors = new List<string>();
        void Token()
        {
            if (!close.IsCancellationRequested)
            {
                Interlocked.Increment(ref run._tokens);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (int n = 0; !close.IsCancellationRequested; n++)
            {
                try
                {
                    var ttft = await request(client * 100_000 + n, Token, close.Token);
                    lock (run)
                    {
                        run.Requests++;
                        if (ttft is { } t)
                        {
                            run._ttfts.Add(t);
                        }
                    }
                }
                catch (OperationCanceledException) when (close.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    lock (run)
                    {
                        run.Errors++;
                        if (errors.Count < 5)
                        {
                            errors.Add(e.Message);
                        }
                    }
                }
            }
        }));
        run.Seconds = window.TotalSeconds;
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error}");
        }

        return run;
    }
}
