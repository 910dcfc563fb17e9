using System.CommandLine;
using System.Globalization;
using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using LocalKernel.Samples.KnowledgeBase.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary><c>kb docs list|show|remove</c>: what the store holds, one document in detail, and removing one.</summary>
internal static class DocsCommand
{
    public static Command Create()
    {
        var docs = new Command("docs", "List, show and remove the documents in the knowledge base.");
        docs.Subcommands.Add(CreateList());
        docs.Subcommands.Add(CreateShow());
        docs.Subcommands.Add(CreateRemove());
        return docs;
    }

    private static Command CreateList()
    {
        var json = JsonOutput.Create();
        var command = new Command("list", "List the documents: path, type, chunks, vectors, tags and when each was last updated.") { json };
        var kb = KbOptions.AddTo(command, models: false);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var session = KnowledgeBaseSession.Open(kb.Resolve(parseResult), false, false, Console.Error);
            var documents = await session.Store.ListDocumentsAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(StoreJson.List(session.StoreDescription, documents));
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"{documents.Count} documents in {session.StoreDescription}");
            foreach (var column in new[] { "Path", "Type", "Chunks", "Vectors", "Tags", "Updated" })
            {
                table.AddColumn(column);
            }

            foreach (var d in documents)
            {
                Row(table, SourceFormatter.DisplayPath(d.SourcePath), d.ContentType, Number(d.ChunkCount), Number(d.VectorCount), Tags(d), d.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateShow()
    {
        var document = DocumentArgument();
        var json = JsonOutput.Create();
        var command = new Command("show", "Show one document's facts and its chunks (location, headings, start of the text).") { document, json };
        var kb = KbOptions.AddTo(command, models: false);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var session = KnowledgeBaseSession.Open(kb.Resolve(parseResult), false, false, Console.Error);
            var d = await FindAsync(session, parseResult.GetValue(document)!, cancellationToken);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(StoreJson.Show(d, await session.Store.GetChunksAsync(d.Id, cancellationToken)));
                return ExitCodes.Success;
            }

            var facts = new Table().Border(TableBorder.Rounded).HideHeaders().Title(Markup.Escape(Path.GetFileName(d.SourcePath)));
            facts.AddColumn("Property");
            facts.AddColumn("Value");
            Row(facts, "Id", d.Id);
            Row(facts, "Path", d.SourcePath);
            Row(facts, "Title", d.Title ?? "(none)");
            Row(facts, "Type", d.ContentType);
            Row(facts, "SHA-256", d.ContentHash);
            Row(facts, "Tags", Tags(d));
            Row(facts, "Chunks", $"{Number(d.ChunkCount)} ({Number(d.VectorCount)} with vectors)");
            Row(facts, "Created / updated", $"{d.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm} / {d.UpdatedAt.ToLocalTime():yyyy-MM-dd HH:mm}");
            AnsiConsole.Write(facts);

            var chunks = new Table().Border(TableBorder.Rounded).Title("Chunks");
            foreach (var column in new[] { "#", "Where", "Headings", "Tokens", "Text" })
            {
                chunks.AddColumn(column);
            }

            foreach (var c in await session.Store.GetChunksAsync(d.Id, cancellationToken))
            {
                var where = c.PageStart is { } page ? $"page {page}" : c.LineStart is { } line ? $"line {line}" : "";
                Row(chunks, Number(c.Index), where, c.Breadcrumb, Number(c.TokenCount), SourceFormatter.OneLine(c.Text, 80));
            }

            AnsiConsole.Write(chunks);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateRemove()
    {
        var document = DocumentArgument();
        var command = new Command("remove", "Remove a document and its chunks from the knowledge base (the file itself is not touched).") { document };
        var kb = KbOptions.AddTo(command, models: false);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var session = KnowledgeBaseSession.Open(kb.Resolve(parseResult), false, false, Console.Error);
            var d = await FindAsync(session, parseResult.GetValue(document)!, cancellationToken);
            await session.Store.DeleteDocumentAsync(d.Id, cancellationToken);
            Console.WriteLine($"Removed {SourceFormatter.DisplayPath(d.SourcePath)} ({Number(d.ChunkCount)} chunks).");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Argument<string> DocumentArgument() =>
        new("document") { Description = "The document's id or its file path (relative paths are resolved against the current folder)." };

    /// <summary>By id first (ids are full paths unless chosen otherwise), then by the file path as given.</summary>
    private static async Task<StoredDocument> FindAsync(KnowledgeBaseSession session, string idOrPath, CancellationToken cancellationToken)
    {
        if (await session.Store.GetDocumentAsync(idOrPath, cancellationToken) is { } byId)
        {
            return byId;
        }

        var fullPath = Path.GetFullPath(idOrPath);
        return (await session.Store.ListDocumentsAsync(cancellationToken)).FirstOrDefault(d => d.SourcePath == fullPath)
            ?? throw new KbException($"No document '{idOrPath}' in '{session.StoreDescription}' (see 'kb docs list').");
    }

    private static string Tags(StoredDocument d) => string.Join(", ", d.Tags.Select(t => $"{t.Key}={t.Value}"));

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    // Text, not markup: paths and text may contain '[' and ']'.
    private static void Row(Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());
}
