using System.CommandLine;
using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using LocalKernel.Samples.KnowledgeBase.Rendering;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary>
/// <c>kb ask "question" [--docs folder] [--top N]</c>: one answer from the documents, streamed, then its cited sources.
/// Without a chat model the answer is extractive (the best sentences, each cited); when nothing relevant is found it
/// says so instead of guessing.
/// </summary>
internal static class AskCommand
{
    public const int DefaultTop = 6;

    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "The question, in quotes." };
        var docs = DocsFolderOption.Create();
        var top = TopOption(DefaultTop, "Passages retrieved and given to the model as sources.");
        var command = new Command("ask", "Answer a question from the documents, with the sources it cites.")
        {
            question,
            docs,
            top,
        };
        var kb = KbOptions.AddTo(command, models: true);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            () => RunAsync(kb.Resolve(parseResult), parseResult.GetValue(question)!, parseResult.GetValue(docs), parseResult.GetValue(top), cancellationToken),
            cancellationToken));
        return command;
    }

    public static Option<int> TopOption(int defaultValue, string description)
    {
        var top = new Option<int>("--top") { Description = description, DefaultValueFactory = _ => defaultValue };
        top.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 100)
            {
                result.AddError("--top must be between 1 and 100.");
            }
        });
        return top;
    }

    private static async Task<int> RunAsync(KbSettings settings, string question, DirectoryInfo? docs, int top, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new KbException("The question is empty.");
        }

        using var session = KnowledgeBaseSession.Open(settings, useEmbeddingModel: true, useChatModel: true, Console.Error);
        await DocsFolderOption.IngestAsync(session, docs, cancellationToken);
        await RequireDocumentsAsync(session, cancellationToken);
        var answerer = new DocumentAnswerer(session.CreateRetriever(), session.ChatClient);
        await AnswerStreamer.AskAsync(answerer, question, AnswerStreamer.Options(top), Console.Out, cancellationToken);
        return ExitCodes.Success;
    }

    /// <summary>An empty store cannot answer anything; say how to fill it rather than "not in the documents".</summary>
    public static async Task RequireDocumentsAsync(KnowledgeBaseSession session, CancellationToken cancellationToken)
    {
        if ((await session.Store.GetStatisticsAsync(cancellationToken)).DocumentCount == 0)
        {
            throw new KbException($"The store '{session.StoreDescription}' holds no documents. Add some with 'kb ingest <folder>' or '--docs <folder>'.");
        }
    }
}
