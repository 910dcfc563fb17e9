using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using LocalKernel.Samples.KnowledgeBase.Rendering;

namespace LocalKernel.Samples.KnowledgeBase.Server;

/// <summary>
/// The knowledge base as the server and the MCP tools use it: one store, one retriever and one answerer shared by all
/// requests (they are thread-safe), and one ingestion at a time (runs on one store must not overlap). Uploaded files are
/// kept in a folder beside the store, so that re-ingesting and removing them works like any other document.
/// </summary>
internal sealed class KbService : IDisposable
{
    private readonly SemaphoreSlim _ingestion = new(1, 1);

    public KbService(KnowledgeBaseSession session)
    {
        Session = session;
        Retriever = session.CreateRetriever();
        Answerer = new DocumentAnswerer(Retriever, session.ChatClient);
        var store = session.Settings.Store.Value!;
        // A file store keeps its uploads beside it; a PostgreSQL store (a connection string) in the current folder.
        UploadFolder = StoreLocation.IsPostgres(store)
            ? Path.GetFullPath("kb-uploads")
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store))!, Path.GetFileName(store) + ".uploads");
    }

    public KnowledgeBaseSession Session { get; }

    public HybridRetriever Retriever { get; }

    public DocumentAnswerer Answerer { get; }

    /// <summary>Where uploaded files are kept.</summary>
    public string UploadFolder { get; }

    /// <summary>Whether answers are written by a chat model (else they are extractive).</summary>
    public bool HasChatModel => Session.ChatClient is not null;

    public static AnswerOptions AnswerOptions(int top) => AnswerStreamer.Options(top);

    /// <summary>Ingests files, one run at a time.</summary>
    public async Task<IReadOnlyList<IngestionResult>> IngestAsync(IReadOnlyList<string> paths, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        await _ingestion.WaitAsync(cancellationToken);
        try
        {
            return await Session.CreateIngestor().IngestAsync(paths.Select(p => new IngestionSource(p)), progress, cancellationToken);
        }
        finally
        {
            _ingestion.Release();
        }
    }

    /// <summary>Removes a document; an uploaded file is deleted with it. False when there is no such document.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await _ingestion.WaitAsync(cancellationToken);
        try
        {
            var document = await Session.Store.GetDocumentAsync(id, cancellationToken);
            if (document is null)
            {
                return false;
            }

            await Session.Store.DeleteDocumentAsync(id, cancellationToken);
            if (IsUpload(document.SourcePath))
            {
                File.Delete(document.SourcePath);
            }

            return true;
        }
        finally
        {
            _ingestion.Release();
        }
    }

    /// <summary>Whether a path is a file of the upload folder (after resolving <c>..</c>), never one outside it.</summary>
    public bool IsUpload(string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(UploadFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && Path.GetDirectoryName(full) == UploadFolder;
    }

    public void Dispose()
    {
        _ingestion.Dispose();
        Session.Dispose();
    }
}
