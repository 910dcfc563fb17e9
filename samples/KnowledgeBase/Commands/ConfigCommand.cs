using System.CommandLine;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary><c>kb config show</c>: each effective setting and where it came from (option, environment, config file, default).</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var show = new Command("show", "Print every effective setting and its source. Precedence: options, then KB_* environment variables, then the config file, then defaults.");
        var kb = KbOptions.AddTo(show, models: true);
        show.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(() =>
        {
            var settings = kb.Resolve(parseResult);
            var table = new Table().Border(TableBorder.Rounded)
                .Title(Markup.Escape(settings.ConfigFile is null ? "Settings (no config file)" : $"Settings (config file {settings.ConfigFile})"));
            table.AddColumn("Setting");
            table.AddColumn("Value");
            table.AddColumn("From");
            Row(table, "store", StoreLocation.Display(settings.Store.Value), settings.Store.Describe());
            Row(table, "chatModel", settings.ChatModel.Value, settings.ChatModel.Describe());
            Row(table, "embeddingModel", settings.EmbeddingModel.Value, settings.EmbeddingModel.Describe());
            Row(table, "contextSize", settings.ContextSize.Value?.ToString(), settings.ContextSize.Describe());
            Row(table, "gpuLayers", settings.GpuLayers.Value?.ToString(), settings.GpuLayers.Describe());
            Row(table, "threads", settings.Threads.Value?.ToString(), settings.Threads.Describe());
            Row(table, "hnswM", settings.PostgresIndex.M.Value?.ToString(), settings.PostgresIndex.M.Describe());
            Row(table, "hnswEfConstruction", settings.PostgresIndex.EfConstruction.Value?.ToString(), settings.PostgresIndex.EfConstruction.Describe());
            Row(table, "hnswEfSearch", settings.PostgresIndex.EfSearch.Value?.ToString(), settings.PostgresIndex.EfSearch.Describe());
            AnsiConsole.Write(table);
            return Task.FromResult(ExitCodes.Success);
        }, cancellationToken));

        var config = new Command("config", "Show the effective configuration.");
        config.Subcommands.Add(show);
        return config;
    }

    private static void Row(Table table, string name, string? value, string from) =>
        table.AddRow(new Text(name), new Text(value ?? "(not set)"), new Text(from));
}
