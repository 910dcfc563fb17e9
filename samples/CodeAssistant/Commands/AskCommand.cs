using System.CommandLine;
using System.Text.Json;
using LocalKernel.Rag.Code;
using LocalKernel.Samples.CodeAssistant.Hosting;
using Microsoft.Extensions.AI;

namespace LocalKernel.Samples.CodeAssistant.Commands;

/// <summary>
/// <c>code ask "question" [--json] [--top N]</c>: an answer that cites <c>path:start-end</c>, every citation checked
/// against the files. Without a chat model the answer is the most relevant code spans with their locations.
/// </summary>
internal static class AskCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "The question, in quotes." };
        var json = new Option<bool>("--json") { Description = "Print {\"answer\", \"citations\": [{\"path\", \"startLine\", \"endLine\"}]}." };
        var top = new Option<int>("--top") { Description = "Passages retrieved (1-20).", DefaultValueFactory = _ => 5 };
        var command = new Command("ask", "Answer a question about the repository with file:line citations.") { question, json, top };
        var common = CommonOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            string text = parseResult.GetValue(question) ?? string.Empty;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new CodeAssistantException("The question is empty.");
            }

            int n = parseResult.GetValue(top);
            if (n is < 1 or > 20)
            {
                throw new CodeAssistantException("--top must be between 1 and 20.");
            }

            using var session = await AssistantSession.OpenAsync(common.Resolve(parseResult), useChatModel: true, Console.Error, cancellationToken);
            var answerer = new CodeAnswerer(session.Index, session.ChatClient);
            var answer = await answerer.AnswerAsync(text, n, new ChatOptions { Temperature = 0, MaxOutputTokens = 512 }, cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, Json));
            }
            else
            {
                Console.WriteLine(answer.Text);
                Console.WriteLine();
                Console.WriteLine("Citations:");
                foreach (var citation in answer.Citations)
                {
                    Console.WriteLine($"  {citation}");
                }

                foreach (var dropped in answer.DroppedCitations)
                {
                    Console.Error.WriteLine($"code: dropped a citation that does not exist in the files: {dropped}");
                }
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
