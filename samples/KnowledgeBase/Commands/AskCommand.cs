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
        var top = TopOption(DefaultTop, "Documents retrieved and given to the model as sources.");
        var json = JsonOutput.Create();
        var minRelevance = MinRelevanceOption();
        var command = new Command("ask", "Answer a question from the documents, with the sources it cites.")
        {
            question,
            docs,
            top,
            minRelevance,
            json,
        };
        var kb = KbOptions.AddTo(command, models: true);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            () =>
            {
                var settings = kb.Resolve(parseResult);
                return RunAsync(settings, kb.Notices(parseResult, settings), parseResult.GetValue(question)!, parseResult.GetValue(docs), parseResult.GetValue(top), parseResult.GetValue(minRelevance), parseResult.GetValue(json), cancellationToken);
            },
            cancellationToken));
        return command;
    }

    /// <summary><c>--min-relevance</c>: the abstention threshold (<see cref="AnswerOptions.MinRelevance"/>).</summary>
    public static Option<double?> MinRelevanceOption()
    {
        var option = new Option<double?>("--min-relevance")
        {
            Description = $"Answer only when a source's relevance score (0-1: mostly the share of the question's IDF-weighted words it holds, and its closeness in meaning with an embedding model) reaches this; otherwise say it is not in the documents. Higher abstains more. Default {AnswerOptions.DefaultMinRelevance.ToString(System.Globalization.CultureInfo.InvariantCulture)}.",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is < 0 or > 1)
            {
                result.AddError("--min-relevance must be between 0 and 1.");
            }
        });
        return option;
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

    private static async Task<int> RunAsync(KbSettings settings, Notices notices, string question, DirectoryInfo? docs, int top, double? minRelevance, bool json, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new KbException("The question is empty.");
        }

        using var session = KnowledgeBaseSession.Open(settings, useEmbeddingModel: true, useChatModel: true, notices);
        await DocsFolderOption.IngestAsync(session, docs, cancellationToken, notices.Quiet);
        await RequireDocumentsAsync(session, cancellationToken);
        var answerer = new DocumentAnswerer(session.CreateRetriever(), session.ChatClient);
        var options = AnswerStreamer.Options(top, minRelevance);
        if (json)
        {
            JsonOutput.Write(AnswerOutput.From(await answerer.AskAsync(question, options, cancellationToken)));
            return ExitCodes.Success;
        }

        await AnswerStreamer.AskAsync(answerer, question, options, Console.Out, cancellationToken);
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
