using System.Diagnostics;

namespace LocalKernel.Bench;

/// <summary>
/// N busy-loop child processes (`sh -c 'while :; do :; done'`: pure CPU, no I/O) competing for the cores while a
/// measurement runs, the way an IDE, a build or a browser tab does on a user's machine. Disposing kills them.
/// </summary>
internal sealed class CompetingLoad : IDisposable
{
    private static readonly HashSet<Process> s_alive = [];
    private readonly List<Process> _processes = [];

    static CompetingLoad()
    {
        // A benchmark that fails or is interrupted must not leave busy loops behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private CompetingLoad(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo("sh") { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("while :; do :; done");
            var process = Process.Start(start)!;
            _processes.Add(process);
            lock (s_alive)
            {
                s_alive.Add(process);
            }
        }

        Thread.Sleep(300); // let the scheduler see them as CPU hogs before measuring
    }

    public int Count => _processes.Count;

    public static CompetingLoad Start(int count) => new(count);

    /// <summary>The load conditions of a run: idle only, or idle then `--compete N` busy processes.</summary>
    public static IReadOnlyList<(string Name, int Competitors)> Conditions(BenchArguments arguments) =>
        arguments.Get("compete") is { } n && int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) > 0
            ? [("idle", 0), ("contended", int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))]
            : [("idle", 0)];

    /// <summary>Runs <paramref name="measure"/> with <paramref name="competitors"/> busy processes alive.</summary>
    public static T With<T>(int competitors, Func<T> measure)
    {
        using var load = competitors > 0 ? Start(competitors) : null;
        return measure();
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            Kill(process);
            lock (s_alive)
            {
                s_alive.Remove(process);
            }

            process.Dispose();
        }

        _processes.Clear();
    }

    private static void KillAll()
    {
        lock (s_alive)
        {
            foreach (var process in s_alive)
            {
                Kill(process);
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
