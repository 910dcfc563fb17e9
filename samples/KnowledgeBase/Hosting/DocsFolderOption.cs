using System.CommandLine;
using LocalKernel.Samples.KnowledgeBase.Rendering;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary><c>--docs &lt;folder&gt;</c>: ingest a folder (incrementally) before answering, so one command goes from files to answer.</summary>
internal static class DocsFolderOption
{
    public static Option<DirectoryInfo?> Create() => new("--docs")
    {
        Description = "Ingest this folder into the store first (only new and changed files are processed; files gone from it are removed).",
    };

    /// <summary>Ingests the folder when one is given; reports in one line on stderr so the answer on stdout stays clean
    /// (with <paramref name="quiet"/>, only the files that failed).</summary>
    public static async Task IngestAsync(KnowledgeBaseSession session, DirectoryInfo? folder, CancellationToken cancellationToken, bool quiet = false)
    {
        if (folder is null)
        {
            return;
        }

        var request = new IngestionRequest([folder.FullName], [], [], []);
        var results = await IngestionRunner.RunAsync(session, request, progress: null, filesFound: null, cancellationToken);
        IngestionReport.WriteOneLine(Console.Error, folder.FullName, results, quiet);
    }
}
