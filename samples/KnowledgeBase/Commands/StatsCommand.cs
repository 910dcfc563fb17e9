using System.CommandLine;
using System.Globalization;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using Spectre.Console;
using Spectre.Console.Rendering;
using LocalKernel.Samples.KnowledgeBase.Configuration;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary><c>kb stats</c>: how big the knowledge base is and what it can do (keywords only, or vectors too).</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var command = new Command("stats", "Show the store's size: documents, chunks, vectors, the embedding model and the documents by type.");
        var kb = KbOptions.AddTo(command, models: false);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var session = KnowledgeBaseSession.Open(kb.Resolve(parseResult), false, false, Console.Error);
            var stats = await session.Store.GetStatisticsAsync(cancellationToken);
            var documents = await session.Store.ListDocumentsAsync(cancellationToken);
            var table = new Table().Border(TableBorder.Rounded).HideHeaders().Title("Knowledge base");
            table.AddColumn("Property");
            table.AddColumn("Value");
            Row(table, "Store", StoreLocation.IsPostgres(session.Settings.Store.Value) ? session.StoreDescription : $"{session.StoreDescription} ({Size(session.StoreDescription)})");
            Row(table, "Documents", Number(stats.DocumentCount));
            Row(table, "Chunks", Number(stats.ChunkCount));
            Row(table, "Vectors", Number(stats.VectorCount));
            Row(table, "Embedding model", session.Store.EmbeddingModel?.ToString() ?? "none: keyword (BM25) search only");
            foreach (var group in documents.GroupBy(d => d.ContentType).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Row(table, $"  {group.Key}", $"{Number(group.Count())} documents, {Number(group.Sum(d => d.ChunkCount))} chunks");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    // The WAL file holds recent writes until a checkpoint, so it is part of the store's size.
    private static string Size(string path)
    {
        long bytes = new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        return bytes >= 1 << 20
            ? (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
            : (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static void Row(Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());
}
