using LocalKernel.Rag;
using LocalKernel.Rag.PostgreSql;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// Finds the files of an <see cref="IngestionRequest"/>, ingests them in one run, and deletes the documents of files
/// that are gone from an ingested folder, so the store mirrors the folder. Used by <c>kb ingest</c> and by <c>--docs</c>.
/// </summary>
internal static class IngestionRunner
{
    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
    };

    public static async Task<IReadOnlyList<IngestionResult>> RunAsync(
        KnowledgeBaseSession session,
        IngestionRequest request,
        IProgress<IngestionProgress>? progress,
        Action<int>? filesFound,
        CancellationToken cancellationToken)
    {
        var registry = LocalKernel.Rag.Code.CodeExtractors.CreateRegistry();
        var (files, folders) = FindFiles(request, registry);
        filesFound?.Invoke(files.Count);
        var ingestor = session.CreateIngestor();
        var results = (await ingestor.IngestAsync(files.Select(f => new IngestionSource(f, null, request.Tags.Count == 0 ? null : request.Tags)), progress, cancellationToken)).ToList();

        foreach (var document in await session.Store.ListDocumentsAsync(cancellationToken))
        {
            bool underFolder = folders.Any(folder => document.SourcePath.StartsWith(folder, StringComparison.Ordinal));
            if (underFolder && !File.Exists(document.SourcePath) && await session.Store.DeleteDocumentAsync(document.Id, cancellationToken))
            {
                results.Add(new IngestionResult(document.Id, document.SourcePath, IngestionStatus.Removed));
            }
        }

        // PostgreSQL: vacuum now, so the new postings are read from the index alone by the next queries rather than
        // after autovacuum's next pass (keyword search up to twice as slow until then). Pages already all-visible
        // are skipped, so an incremental run pays for what it wrote.
        if (session.Store is PostgresDocumentStore postgres && results.Any(r => r.Status is IngestionStatus.Added or IngestionStatus.Updated or IngestionStatus.Removed))
        {
            await postgres.OptimizeAsync(cancellationToken);
        }

        return results;
    }

    /// <summary>The files to ingest (sorted, each once) and the folders they were found in (with a trailing separator).</summary>
    private static (List<string> Files, List<string> Folders) FindFiles(IngestionRequest request, DocumentExtractorRegistry registry)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var folders = new List<string>();
        foreach (var given in request.Paths)
        {
            var path = Path.GetFullPath(given);
            if (File.Exists(path))
            {
                // A file named on the command line is taken even when no glob selects it: the user asked for it.
                if (!registry.CanExtract(path))
                {
                    throw new KbException($"'{path}' is not a supported document ({string.Join(", ", registry.Extensions.Order(StringComparer.Ordinal))}).");
                }

                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var folder = Path.EndsInDirectorySeparator(path) ? path : path + Path.DirectorySeparatorChar;
                folders.Add(folder);
                foreach (var file in Directory.EnumerateFiles(path, "*", Recursive))
                {
                    var relative = Path.GetRelativePath(path, file);
                    if (registry.CanExtract(file)
                        && (request.Include.Count == 0 || request.Include.Any(g => g.IsMatch(relative)))
                        && !request.Exclude.Any(g => g.IsMatch(relative)))
                    {
                        files.Add(file);
                    }
                }
            }
            else
            {
                throw new KbException($"'{path}' does not exist.");
            }
        }

        return (files.ToList(), folders);
    }
}
