using System.CommandLine;
using LocalKernel.Samples.CodeAssistant.Commands;

// Each command lives in its own file under Commands/ and is only wired together here.
var root = new RootCommand("code: an offline coding assistant that knows your repository. Start with: code ask \"<question>\"");
root.Subcommands.Add(IndexCommand.Create());
root.Subcommands.Add(AskCommand.Create());
root.Subcommands.Add(ChatCommand.Create());
root.Subcommands.Add(McpCommand.Create());
return await root.Parse(args).InvokeAsync();
