using System.CommandLine;
using LocalKernel.Rag.Code;
using LocalKernel.Samples.CodeAssistant.Hosting;

namespace LocalKernel.Samples.CodeAssistant.Commands;

/// <summary><c>code index [repo]</c>: brings the repository's index up to date (added, changed and removed files only).</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var repo = new Argument<DirectoryInfo?>("repo") { Description = "The repository (default: the git root above the current folder).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("index", "Index a repository: code-aware chunks and a symbol table, incrementally.") { repo };
        var common = CommonOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var settings = common.Resolve(parseResult);
            if (parseResult.GetValue(repo) is { } folder)
            {
                settings = settings with { Repository = folder.FullName };
            }

            using var session = await AssistantSession.OpenAsync(settings, useChatModel: false, Console.Out, cancellationToken);
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>One line: what the run did.</summary>
    public static string Summary(CodeIndexReport report)
    {
        var line = $"code: indexed {report.Added.Count} added, {report.Updated.Count} updated, {report.Unchanged} unchanged, "
            + $"{report.Removed.Count} removed, {report.Failed.Count} failed; {report.Symbols} symbols ({report.Elapsed.TotalSeconds:0.0} s)";
        foreach (var (path, error) in report.Failed.Take(10))
        {
            line += $"\n  failed: {path}: {error}";
        }

        return line;
    }
}
