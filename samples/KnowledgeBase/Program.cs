using System.CommandLine;
using LocalKernel.Samples.KnowledgeBase.Commands;
using Spectre.Console;

// Each command lives in its own file under Commands/ and is only wired together here.
var model = new Command("model", "Work with GGUF model files.");
model.Subcommands.Add(ModelInspectCommand.Create());
model.Subcommands.Add(ModelGenerateCommand.Create());
model.Subcommands.Add(ModelQuantizeCommand.Create());
model.Subcommands.Add(ModelConvertCommand.Create());

var root = new RootCommand("kb: private document Q&A with local GGUF models. Start with: kb ask \"<question>\" --docs <folder>");
root.Subcommands.Add(IngestCommand.Create());
root.Subcommands.Add(AskCommand.Create());
root.Subcommands.Add(ChatCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(DocsCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(ReindexCommand.Create());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(ServeCommand.Create()); root.Subcommands.Add(McpCommand.Create());
root.Subcommands.Add(model);

// Redirected output (logs, pipes, tests) would otherwise be cut at 80 columns and wrap paths inside tables.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 200;
    AnsiConsole.Profile.Capabilities.Ansi = false;
}

return await root.Parse(args).InvokeAsync();
