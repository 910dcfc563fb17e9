using System.Diagnostics;

namespace LocalKernel.Bench;

/// <summary>The outcome of driving a request function with N concurrent clients for a fixed time.</summary>
internal sealed class LoadRun
{
    private readonly List<double> _ttfts = [];

    public int Requests { get; private set; }

    public int Errors { get; private set; }

    public long Tokens { get; private set; }

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

    /// <summary>Each client sends requests back to back until the time is up; requests in flight then finish and count.</summary>
    public static async Task<LoadRun> DriveAsync(int clients, int seconds, Func<int, CancellationToken, Task<(int Tokens, double? Ttft)>> request)
    {
        var run = new LoadRun();
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        var errors = new List<string>();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (int n = 0; clock.Elapsed < end; n++)
            {
                try
                {
                    var (tokens, ttft) = await request(client * 100_000 + n, CancellationToken.None);
                    lock (run)
                    {
                        run.Requests++;
                        run.Tokens += tokens;
                        if (ttft is { } t)
                        {
                            run._ttfts.Add(t);
                        }
                    }
                }
                catch (Exception e)
                {
                    lock (run)
                    {
                        run.Requests++;
                        run.Errors++;
                        if (errors.Count < 5)
                        {
                            errors.Add(e.Message);
                        }
                    }
                }
            }
        }));
        run.Seconds = clock.Elapsed.TotalSeconds;
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error}");
        }

        return run;
    }
}
