using System.Collections.Concurrent;
using System.Diagnostics;

namespace LocalKernel.Bench;

/// <summary>How one extraction ended, as the parent saw it.</summary>
internal sealed record PdfRunOutcome(string Outcome, double Seconds, int Pages, string Detail, long PeakBytes);

/// <summary>The parent's side of <see cref="PdfBenchWorker"/>: sends one job at a time, watches the child's memory
/// while it runs, and counts a timeout as a hang, a memory cap as memory, and a child that dies as a crash (then
/// starts a fresh child for the next job).</summary>
internal sealed class PdfWorkerProcess : IDisposable
{
    private readonly long _memoryCapBytes;
    private Process? _process;
    private BlockingCollection<string?>? _answers;

    public PdfWorkerProcess(long memoryCapBytes) => _memoryCapBytes = memoryCapBytes;

    public PdfRunOutcome Run(string engine, string input, string output, TimeSpan timeout)
    {
        EnsureStarted();
        var process = _process!;
        var answers = _answers!;
        process.StandardInput.WriteLine($"{engine}\t{input}\t{output}");
        process.StandardInput.Flush();
        var stopwatch = Stopwatch.StartNew();
        long peak = 0;
        while (true)
        {
            if (answers.TryTake(out var answer, 20))
            {
                if (answer is null)
                {
                    Stop();
                    return new PdfRunOutcome("crash", stopwatch.Elapsed.TotalSeconds, 0, "the worker process died", peak);
                }

                var parts = answer.Split('\t', 4);
                return new PdfRunOutcome(parts[0], double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) / 1000,
                    int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), parts.Length > 3 ? parts[3] : string.Empty, peak);
            }

            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
            }
            catch (InvalidOperationException)
            {
                // exited; the reader thread delivers the null answer
            }

            if (peak > _memoryCapBytes)
            {
                Stop();
                return new PdfRunOutcome("memory", stopwatch.Elapsed.TotalSeconds, 0, $"over {_memoryCapBytes / 1048576} MB", peak);
            }

            if (stopwatch.Elapsed > timeout)
            {
                Stop();
                return new PdfRunOutcome("hang", stopwatch.Elapsed.TotalSeconds, 0, $"no answer in {timeout.TotalSeconds:F0} s", peak);
            }
        }
    }

    public void Dispose() => Stop();

    private void EnsureStarted()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        Stop();
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PdfWorkerProcess).Assembly.Location);
        }

        start.ArgumentList.Add("pdf-worker");
        var process = Process.Start(start)!;
        var answers = new BlockingCollection<string?>();
        var reader = new Thread(() =>
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                answers.Add(line);
            }

            answers.Add(null);
        }) { IsBackground = true };
        reader.Start();
        process.ErrorDataReceived += (_, _) => { }; // a stack overflow's report goes to stderr; drain it
        process.BeginErrorReadLine();
        _process = process;
        _answers = answers;
    }

    private void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _process = null;
        _answers = null;
    }
}
