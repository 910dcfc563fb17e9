using System.CommandLine;
using LocalKernel.Samples.KnowledgeBase.Commands;

// Each command lives in its own file under Commands/ and is only wired together here.
var model = new Command("model", "Work with GGUF model files.");
model.Subcommands.Add(ModelInspectCommand.Create());
model.Subcommands.Add(ModelGenerateCommand.Create());
model.Subcommands.Add(ModelQuantizeCommand.Create());

var root = new RootCommand("kb: private document Q&A with local GGUF models.");
root.Subcommands.Add(model);

return await root.Parse(args).InvokeAsync();
