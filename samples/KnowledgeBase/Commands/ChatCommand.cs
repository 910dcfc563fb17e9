using System.CommandLine;
using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using LocalKernel.Samples.KnowledgeBase.Rendering;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary>
/// <c>kb chat</c>: questions from stdin, one per line, until end of input, an empty line or "exit".
/// Follow-ups use the history in two simple ways: retrieval searches the new question together with the previous
/// one (so "what about GPUs?" still finds the topic being discussed), and the chat model sees the earlier questions
/// and answers (<see cref="ConversationChatClient"/>). Without a chat model only the first applies.
/// </summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var docs = DocsFolderOption.Create();
        var top = AskCommand.TopOption(AskCommand.DefaultTop, "Documents retrieved per question.");
        var minRelevance = AskCommand.MinRelevanceOption();
        var command = new Command("chat", "Ask several questions in a row (read from stdin; an empty line or 'exit' ends); follow-ups use the history.")
        {
            docs,
            top,
            minRelevance,
        };
        var kb = KbOptions.AddTo(command, models: true);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            () =>
            {
                var settings = kb.Resolve(parseResult);
                return RunAsync(settings, kb.Notices(parseResult, settings), parseResult.GetValue(docs), parseResult.GetValue(top), parseResult.GetValue(minRelevance), cancellationToken);
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(KbSettings settings, Notices notices, DirectoryInfo? docs, int top, double? minRelevance, CancellationToken cancellationToken)
    {
        using var session = KnowledgeBaseSession.Open(settings, useEmbeddingModel: true, useChatModel: true, notices);
        await DocsFolderOption.IngestAsync(session, docs, cancellationToken, notices.Quiet);
        await AskCommand.RequireDocumentsAsync(session, cancellationToken);
        var conversation = session.ChatClient is { } chat ? new ConversationChatClient(chat) : null;
        var answerer = new DocumentAnswerer(session.CreateRetriever(), conversation);
        bool interactive = !Console.IsInputRedirected;
        string? previousQuestion = null;
        while (true)
        {
            if (interactive)
            {
                Console.Write("> ");
            }

            var line = await Console.In.ReadLineAsync(cancellationToken);
            var question = line?.Trim();
            if (string.IsNullOrEmpty(question) || question.Equals("exit", StringComparison.OrdinalIgnoreCase))
            {
                return ExitCodes.Success;
            }

            var asked = previousQuestion is null ? question : $"{question} (follow-up to: {previousQuestion})";
            var answer = await AnswerStreamer.AskAsync(answerer, asked, AnswerStreamer.Options(top, minRelevance), Console.Out, cancellationToken);
            Console.WriteLine();
            if (answer.Kind != AnswerKind.NotFound)
            {
                conversation?.AddTurn(question, answer.Text);
                previousQuestion = question;
            }
        }
    }
}
