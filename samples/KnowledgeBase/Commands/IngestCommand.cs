using System.CommandLine;
using System.Diagnostics;
using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using LocalKernel.Samples.KnowledgeBase.Rendering;
using Spectre.Console;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary>
/// <c>kb ingest &lt;path&gt;... [--tags k=v] [--include glob] [--exclude glob]</c>: brings files and folders into the store.
/// Exit code: 0 when at least one file was processed and none failed; 1 when any file failed (the others are still
/// ingested and the failures are listed with their reasons) or when no supported file was found.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Files and folders to ingest; folders are searched recursively (hidden files and links are skipped).",
            Arity = ArgumentArity.OneOrMore,
        };
        var tags = new Option<string[]>("--tags")
        {
            Description = "Labels for every ingested document, as key=value (repeatable: --tags team=docs --tags year=2025).",
            AllowMultipleArgumentsPerToken = true,
        };
        var include = new Option<string[]>("--include")
        {
            Description = "Only files matching this glob, relative to the folder ('*.md', 'guides/**'); repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var exclude = new Option<string[]>("--exclude")
        {
            Description = "Skip files matching this glob, relative to the folder ('drafts/**', '*.txt'); repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("ingest", "Add files and folders to the knowledge base; unchanged files are skipped, changed ones replaced.")
        {
            paths,
            tags,
            include,
            exclude,
        };
        var kb = KbOptions.AddTo(command, models: true);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            () => RunAsync(
                kb.Resolve(parseResult),
                parseResult.GetValue(kb.Quiet),
                new IngestionRequest(
                    parseResult.GetValue(paths) ?? [],
                    ParseTags(parseResult.GetValue(tags) ?? []),
                    (parseResult.GetValue(include) ?? []).Select(g => new GlobPattern(g)).ToList(),
                    (parseResult.GetValue(exclude) ?? []).Select(g => new GlobPattern(g)).ToList()),
                cancellationToken),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(KbSettings settings, bool quiet, IngestionRequest request, CancellationToken cancellationToken)
    {
        using var session = KnowledgeBaseSession.Open(settings, useEmbeddingModel: true, useChatModel: false, Notices.For(settings.Store.Value, quiet));
        var stopwatch = Stopwatch.StartNew();
        var results = await IngestionReport.WithProgressAsync(AnsiConsole.Console, (progress, filesFound) =>
            IngestionRunner.RunAsync(session, request, progress, filesFound, cancellationToken));
        IngestionReport.WriteSummary(AnsiConsole.Console, results, stopwatch.Elapsed);

        int failed = results.Count(r => r.Status == IngestionStatus.Failed);
        if (failed > 0)
        {
            throw new KbException($"{failed} of {results.Count(r => r.Status != IngestionStatus.Removed)} files failed to ingest (listed above); the others are in '{StoreLocation.Display(settings.Store.Value)}'.");
        }

        return results.Any(r => r.Status != IngestionStatus.Removed)
            ? ExitCodes.Success
            : throw new KbException("No supported document was found to ingest.");
    }

    private static List<DocumentTag> ParseTags(IEnumerable<string> tags) =>
        tags.Select(tag => tag.Split('=', 2) is [{ Length: > 0 } key, var value]
                ? new DocumentTag(key.Trim(), value.Trim())
                : throw new KbException($"--tags '{tag}' is not of the form key=value."))
            .ToList();
}
