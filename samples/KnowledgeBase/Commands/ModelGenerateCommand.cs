using System.CommandLine;
using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary>
/// <c>kb model generate &lt;file.gguf&gt; "prompt" [--max-tokens N] [--threads N]</c>: a greedy raw-text continuation,
/// streamed, then the backend that ran it and the speed. A smoke test of a model and of the machine.
/// </summary>
internal static class ModelGenerateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The .gguf model file." };
        var prompt = new Argument<string>("prompt") { Description = "The text to continue." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens to generate.", DefaultValueFactory = _ => 64 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads. Default: adaptive, up to the physical cores." };
        var command = new Command("generate", "Continue a prompt greedily with a model (no chat template) and report tokens/s.")
        {
            file,
            prompt,
            maxTokens,
            threads,
        };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(parseResult.GetValue(file)!, parseResult.GetValue(prompt)!, parseResult.GetValue(maxTokens), parseResult.GetValue(threads), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, string prompt, int maxTokens, int? threads, CancellationToken cancellationToken)
    {
        try
        {
            using var model = LlamaModel.Load(file.FullName);
            using var completion = new LlamaCompletion(model, new LlamaContextOptions { Threads = threads });
            Console.Write(prompt);
            await foreach (var text in completion.CompleteStreamingAsync(prompt, maxTokens, cancellationToken))
            {
                Console.Write(text);
            }

            Console.WriteLine();
            var stats = completion.LastStats!;
            Console.Error.WriteLine($"[{LlamaBackend.Info}]");
            Console.Error.WriteLine($"[{stats.PromptTokens} prompt tokens at {stats.PromptTokensPerSecond:F0} tokens/s, " +
                $"{stats.GeneratedTokens} generated at {stats.GenerationTokensPerSecond:F0} tokens/s]");
            return 0;
        }
        catch (Exception e) when (e is GgufFormatException or LlamaException or FileNotFoundException)
        {
            Console.Error.WriteLine($"kb: {e.Message}");
            return ModelInspectCommand.BadFileExitCode;
        }
    }
}
