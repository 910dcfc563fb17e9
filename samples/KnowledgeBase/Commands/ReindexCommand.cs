using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LocalKernel.Rag.PostgreSql;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using Spectre.Console;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary>
/// <c>kb reindex</c>: rebuilds a PostgreSQL store's HNSW vector index with the current <c>hnswM</c> /
/// <c>hnswEfConstruction</c> settings (an index keeps the parameters it was built with), then vacuums and analyses
/// the store's tables. A SQLite store searches vectors exactly and has no index to rebuild: that is an error, not a
/// silent success.
/// </summary>
internal static class ReindexCommand
{
    public static Command Create()
    {
        var memory = new Option<string?>("--maintenance-work-mem")
        {
            Description = "PostgreSQL's maintenance_work_mem for the build, e.g. 2GB (a graph that does not fit builds much more slowly); default: the server's.",
        };
        var command = new Command("reindex", "Rebuild a PostgreSQL store's vector index with the current HNSW settings (KB_HNSW_M, KB_HNSW_EF_CONSTRUCTION).") { memory };
        var kb = KbOptions.AddTo(command, models: false);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var settings = kb.Resolve(parseResult);
            if (!StoreLocation.IsPostgres(settings.Store.Value))
            {
                throw new KbException($"'{StoreLocation.Display(settings.Store.Value)}' is a SQLite store: it searches vectors exactly and has no index to rebuild.");
            }

            using var session = KnowledgeBaseSession.Open(settings, false, false, Console.Error);
            var store = (PostgresDocumentStore)session.Store;
            if (store.EmbeddingModel is null)
            {
                throw new KbException($"The store '{session.StoreDescription}' holds no vectors (no embedding model was used): there is no vector index to rebuild.");
            }

            var stopwatch = Stopwatch.StartNew();
            try
            {
                await store.ReplaceVectorIndexAsync(parseResult.GetValue(memory), cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new KbException($"--maintenance-work-mem: {e.Message}", ExitCodes.Failure, e);
            }

            await store.OptimizeAsync(cancellationToken);

            var index = session.Settings.PostgresIndex;
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Rebuilt the vector index of {session.StoreDescription} (m {index.M.Value?.ToString(CultureInfo.InvariantCulture) ?? "default"}, ef_construction {index.EfConstruction.Value?.ToString(CultureInfo.InvariantCulture) ?? "default"}) in {stopwatch.Elapsed.TotalSeconds:F1} s.")));
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
