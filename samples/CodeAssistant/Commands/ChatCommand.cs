using System.CommandLine;
using LocalKernel.Rag.Code;
using LocalKernel.Samples.CodeAssistant.Hosting;

namespace LocalKernel.Samples.CodeAssistant.Commands;

/// <summary>
/// <c>code chat</c>: the agent mode. Questions from stdin, one per line, until end of input, an empty line or "exit";
/// the agent explores the repository with read-only tools and answers citing path:start-end, followed by the places it read.
/// </summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var command = new Command("chat", "Talk with an agent that reads the repository through read-only tools.");
        var common = CommonOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var session = await AssistantSession.OpenAsync(common.Resolve(parseResult), useChatModel: true, Console.Error, cancellationToken);
            var chat = session.RequireChatClient();
            var tools = new RepositoryTools(session.Index);
            var agent = CodeAgent.Create(chat, session.Model!, session.Settings.ContextSize, tools);
            var conversation = await agent.CreateSessionAsync(cancellationToken);
            while (await Console.In.ReadLineAsync(cancellationToken) is { } line && line.Trim() is { Length: > 0 } question && question != "exit")
            {
                var response = await agent.RunAsync(question, conversation, cancellationToken: cancellationToken);
                Console.WriteLine(response.Text.Trim());
                var read = CodeAgent.ReadCitations(response.Messages, tools.Sandbox);
                if (read.Count > 0)
                {
                    Console.WriteLine("Read: " + string.Join(", ", read));
                }

                Console.WriteLine();
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
