using System.CommandLine;
using System.Globalization;
using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using LocalKernel.Samples.KnowledgeBase.Rendering;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary><c>kb search "query" [--mode bm25|vector|hybrid] [--top N]</c>: the ranked passages, no generation.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "What to look for, in quotes." };
        var mode = new Option<string>("--mode")
        {
            Description = "bm25 (keywords), vector (meaning; needs an embedding model) or hybrid (both, fused by rank; bm25 alone without an embedding model).",
            DefaultValueFactory = _ => "hybrid",
        };
        mode.AcceptOnlyFromAmong("bm25", "vector", "hybrid");
        var top = AskCommand.TopOption(10, "Passages to show.");
        var docs = DocsFolderOption.Create();
        var json = JsonOutput.Create();
        var command = new Command("search", "Show the passages that best match a query, ranked (one result per document), without writing an answer.")
        {
            query,
            mode,
            top,
            docs,
            json,
        };
        var kb = KbOptions.AddTo(command, models: true);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            () =>
            {
                var settings = kb.Resolve(parseResult);
                return RunAsync(settings, kb.Notices(parseResult, settings), parseResult.GetValue(query)!, parseResult.GetValue(mode)!, parseResult.GetValue(top), parseResult.GetValue(docs), parseResult.GetValue(json), cancellationToken);
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(KbSettings settings, Notices notices, string query, string mode, int top, DirectoryInfo? docs, bool json, CancellationToken cancellationToken)
    {
        var retrievalMode = mode switch
        {
            "bm25" => RetrievalMode.Keyword,
            "vector" => RetrievalMode.Vector,
            _ => RetrievalMode.Hybrid,
        };
        using var session = KnowledgeBaseSession.Open(settings, useEmbeddingModel: true, useChatModel: false, notices);
        await DocsFolderOption.IngestAsync(session, docs, cancellationToken, notices.Quiet);
        var retriever = session.CreateRetriever();
        if (retrievalMode == RetrievalMode.Vector && !retriever.CanSearchVectors)
        {
            throw new KbException(session.Store.EmbeddingModel is null
                ? "--mode vector needs a store with vectors: ingest with an embedding model (--embedding-model)."
                : $"--mode vector needs the store's embedding model ({session.Store.EmbeddingModel}): give it with --embedding-model.");
        }

        var passages = await retriever.RetrieveAsync(query, new RetrievalOptions { Mode = retrievalMode, Top = top }, cancellationToken);
        if (json)
        {
            JsonOutput.Write(SearchOutput.From(query, passages));
            return ExitCodes.Success;
        }

        if (passages.Count == 0)
        {
            Console.WriteLine("No passage matches.");
            return ExitCodes.Success;
        }

        for (int i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            Console.WriteLine($"{i + 1}. {SourceFormatter.Where(p)}  (score {p.Score.ToString("0.0000", CultureInfo.InvariantCulture)}, {p.FoundBy})");
            Console.WriteLine($"   {SourceFormatter.OneLine(p.Text, 300)}");
            foreach (var other in p.AlsoInDocument)
            {
                Console.WriteLine($"   also in this document: {SourceFormatter.Section(other)}  (score {other.Score.ToString("0.0000", CultureInfo.InvariantCulture)})");
            }
        }

        return ExitCodes.Success;
    }
}
