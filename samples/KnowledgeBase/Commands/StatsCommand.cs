using System.CommandLine;
using System.Globalization;
using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using LocalKernel.Samples.KnowledgeBase.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;
using LocalKernel.Samples.KnowledgeBase.Configuration;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary><c>kb stats</c>: how big the knowledge base is and what it can do (keywords only, or vectors too).</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var json = JsonOutput.Create();
        var command = new Command("stats", "Show the store's size: documents, chunks, vectors, the embedding model and the documents by type.") { json };
        var kb = KbOptions.AddTo(command, models: false);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var session = KnowledgeBaseSession.Open(kb.Resolve(parseResult), false, false, Console.Error);
            var stats = await session.Store.GetStatisticsAsync(cancellationToken);
            var documents = await session.Store.ListDocumentsAsync(cancellationToken);
            var byType = documents.GroupBy(d => d.ContentType).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (parseResult.GetValue(json))
            {
                var postgres = StoreLocation.IsPostgres(session.Settings.Store.Value);
                JsonOutput.Write(new StoreJson.Stats(
                    session.StoreDescription,
                    postgres ? null : Bytes(session.StoreDescription),
                    stats.DocumentCount,
                    stats.ChunkCount,
                    stats.VectorCount,
                    session.Store.EmbeddingModel?.ToString(),
                    Stemming(session.Store),
                    byType.Select(g => new StoreJson.TypeCount(g.Key, g.Count(), g.Sum(d => d.ChunkCount))).ToList()));
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).HideHeaders().Title("Knowledge base");
            table.AddColumn("Property");
            table.AddColumn("Value");
            Row(table, "Store", StoreLocation.IsPostgres(session.Settings.Store.Value) ? session.StoreDescription : $"{session.StoreDescription} ({Size(session.StoreDescription)})");
            Row(table, "Documents", Number(stats.DocumentCount));
            Row(table, "Chunks", Number(stats.ChunkCount));
            Row(table, "Vectors", Number(stats.VectorCount));
            Row(table, "Embedding model", session.Store.EmbeddingModel?.ToString() ?? "none: keyword (BM25) search only");
            Row(table, "Keyword stemming", Stemming(session.Store));
            foreach (var group in byType)
            {
                Row(table, $"  {group.Key}", $"{Number(group.Count())} documents, {Number(group.Sum(d => d.ChunkCount))} chunks");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    // The WAL file holds recent writes until a checkpoint, so it is part of the store's size.
    private static long Bytes(string path) => new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    // PostgreSQL's store stems with the server's 'english' text search configuration (Snowball English too).
    private static string Stemming(IDocumentStore store) => (store as SqliteDocumentStore)?.KeywordStemming switch
    {
        KeywordStemming.SnowballEnglish => "snowball-english",
        KeywordStemming.Porter => "porter",
        null => "postgresql-english",
        _ => "none",
    };

    private static string Size(string path)
    {
        long bytes = Bytes(path);
        return bytes >= 1 << 20
            ? (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
            : (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static void Row(Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());
}
