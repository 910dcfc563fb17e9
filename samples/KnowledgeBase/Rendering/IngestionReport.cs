using System.Diagnostics;
using System.Globalization;
using LocalKernel.Rag;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LocalKernel.Samples.KnowledgeBase.Rendering;

/// <summary>Shows an ingestion run: live progress (bars on a terminal, plain lines otherwise) and the summary table.</summary>
internal static class IngestionReport
{
    /// <summary>How often progress is written when the output is not a terminal.</summary>
    public static readonly TimeSpan NonTerminalInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="ingest"/> while showing its progress with files/s and chunks/s.</summary>
    public static async Task<T> WithProgressAsync<T>(IAnsiConsole console, Func<IProgress<IngestionProgress>, Action<int>, Task<T>> ingest)
    {
        var stopwatch = Stopwatch.StartNew();
        if (!console.Profile.Capabilities.Interactive)
        {
            // Redirected output (a log, a test, CI): a line every few seconds, no cursor tricks; the summary follows.
            // (One line per file made a 2,000-file ingest print 2,000 lines.)
            var lastLine = TimeSpan.Zero;
            var lines = new SynchronousProgress(p =>
            {
                if (stopwatch.Elapsed - lastLine >= NonTerminalInterval && p.FilesCompleted < p.FilesTotal)
                {
                    lastLine = stopwatch.Elapsed;
                    console.WriteLine(Describe(p, stopwatch.Elapsed));
                }
            });
            return await ingest(lines, _ => { });
        }

        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("finding files", maxValue: 1);
                var bars = new SynchronousProgress(p =>
                {
                    task.MaxValue = Math.Max(1, p.FilesTotal);
                    task.Value = p.FilesCompleted;
                    task.Description = Markup.Escape(Describe(p, stopwatch.Elapsed));
                });
                var result = await ingest(bars, total => task.MaxValue = Math.Max(1, total));
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>The counts by outcome, then one row per failed file with its reason.</summary>
    public static void WriteSummary(IAnsiConsole console, IReadOnlyList<IngestionResult> results, TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Ingested {results.Count(r => r.Status != IngestionStatus.Removed)} files in {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        table.AddColumn("Outcome");
        table.AddColumn(new TableColumn("Files").RightAligned());
        table.AddColumn(new TableColumn("Chunks").RightAligned());
        foreach (var status in new[] { IngestionStatus.Added, IngestionStatus.Updated, IngestionStatus.Unchanged, IngestionStatus.Removed, IngestionStatus.Failed })
        {
            var matching = results.Where(r => r.Status == status).ToList();
            Row(table, status.ToString().ToLowerInvariant(), matching.Count.ToString(CultureInfo.InvariantCulture), matching.Sum(r => r.ChunkCount).ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        var failed = results.Where(r => r.Status == IngestionStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            var failures = new Table().Border(TableBorder.Rounded).Title("Failed");
            failures.AddColumn("File");
            failures.AddColumn("Reason");
            foreach (var failure in failed)
            {
                Row(failures, failure.SourcePath, failure.Error ?? "unknown");
            }

            console.Write(failures);
        }
    }

    /// <summary>One line for when the run is a step of another command (<c>--docs</c>): counts only, failures by name.</summary>
    public static void WriteOneLine(TextWriter writer, string what, IReadOnlyList<IngestionResult> results, bool failuresOnly = false)
    {
        int Count(IngestionStatus status) => results.Count(r => r.Status == status);
        if (!failuresOnly)
        {
            writer.WriteLine($"kb: {what}: {Count(IngestionStatus.Added)} added, {Count(IngestionStatus.Updated)} updated, " +
                $"{Count(IngestionStatus.Unchanged)} unchanged, {Count(IngestionStatus.Removed)} removed, {Count(IngestionStatus.Failed)} failed.");
        }

        foreach (var failure in results.Where(r => r.Status == IngestionStatus.Failed))
        {
            writer.WriteLine($"kb: failed: {failure.SourcePath}: {failure.Error}");
        }
    }

    private static string Describe(IngestionProgress p, TimeSpan elapsed)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.FilesCompleted}/{p.FilesTotal} files, {p.ChunksStored} chunks ({p.FilesCompleted / seconds:0.0} files/s, {p.ChunksStored / seconds:0} chunks/s)");
    }

    // Text, not markup: paths and reasons may contain '[' and ']'.
    private static void Row(Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());

    /// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> would post late, out of order updates.</summary>
    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        private readonly Lock _gate = new();

        public void Report(IngestionProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
