using System.Threading.Channels;
using LocalKernel.Hosting.OpenAI;
using LocalKernel.Rag;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LocalKernel.Samples.KnowledgeBase.Server;

/// <summary>
/// <c>GET /v1/kb/documents</c> (list), <c>POST /v1/kb/documents</c> (multipart upload; the ingestion progress streams
/// back as <c>data:</c> events <c>{"type": "progress"}</c>… then <c>{"type": "done", "results"}</c>) and
/// <c>DELETE /v1/kb/documents/{id}</c> (or <c>?id=</c>). Uploaded names are checked before anything touches the disk:
/// a name with a folder part, <c>..</c>, a control character or a type no extractor reads is refused, so a request can
/// only ever write a new file inside the upload folder.
/// </summary>
internal static class DocumentEndpoints
{
    /// <summary>Largest upload (all files of one request together).</summary>
    public const long MaxUploadBytes = 64L * 1024 * 1024;

    private static readonly DocumentExtractorRegistry Extractors = DocumentExtractorRegistry.CreateDefault();

    public static Task ListAsync(HttpContext context, KbService kb) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        var documents = await kb.Session.Store.ListDocumentsAsync(context.RequestAborted);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(KbJson.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            foreach (var document in documents)
            {
                KbJson.Document(json, document, kb.IsUpload(document.SourcePath));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }), context.RequestAborted);
    });

    public static Task UploadAsync(HttpContext context, KbService kb) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        var cancellationToken = context.RequestAborted;
        var paths = await SaveUploadsAsync(context, kb, cancellationToken);
        var progress = Channel.CreateUnbounded<IngestionProgress>(new UnboundedChannelOptions { SingleReader = true });
        var ingestion = Task.Run(async () =>
        {
            try
            {
                return await kb.IngestAsync(paths, new ChannelProgress(progress.Writer), cancellationToken);
            }
            finally
            {
                progress.Writer.TryComplete();
            }
        }, cancellationToken);

        await ServerSentEvents.StartAsync(context.Response);
        await foreach (var step in progress.Reader.ReadAllAsync(cancellationToken))
        {
            await ServerSentEvents.WriteAsync(context.Response, KbJson.Write(json =>
            {
                json.WriteStartObject();
                json.WriteString("type", "progress");
                json.WriteNumber("files_total", step.FilesTotal);
                json.WriteNumber("files_completed", step.FilesCompleted);
                json.WriteNumber("chunks_stored", step.ChunksStored);
                json.WriteNumber("embeddings_generated", step.EmbeddingsGenerated);
                json.WriteEndObject();
            }), cancellationToken);
        }

        var results = await ingestion;
        await ServerSentEvents.WriteAsync(context.Response, KbJson.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("type", "done");
            json.WriteStartArray("results");
            foreach (var result in results)
            {
                KbJson.Result(json, result);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }), cancellationToken);
        await ServerSentEvents.DoneAsync(context.Response, cancellationToken);
    });

    public static Task DeleteAsync(HttpContext context, KbService kb) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        var id = context.Request.RouteValues["id"] as string is { Length: > 0 } routed ? Uri.UnescapeDataString(routed) : context.Request.Query["id"].ToString();
        CheckId(id);
        if (!await kb.RemoveAsync(id, context.RequestAborted))
        {
            throw new OpenAIRequestException(StatusCodes.Status404NotFound, $"No document has the id '{id}'.", OpenAIErrors.InvalidRequest, "id", "document_not_found");
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsJsonAsync(new { id, @object = "kb.document", deleted = true }, context.RequestAborted);
    });

    /// <summary>Refuses ids that try to walk the file system; store ids are full paths, so '..' never names one.</summary>
    public static void CheckId(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw OpenAIRequestException.BadRequest("A document id is required: DELETE /v1/kb/documents/{id} or ?id=.", "id", "missing_required_parameter");
        }

        if (id.Any(char.IsControl) || id.Replace('\\', '/').Split('/').Any(part => part is ".." or "."))
        {
            throw OpenAIRequestException.BadRequest("The document id contains '..', '.' or control characters; ids are as GET /v1/kb/documents lists them.", "id", "invalid_document_id");
        }
    }

    /// <summary>Refuses a name that is not a plain file name of a readable type.</summary>
    public static void CheckFileName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.StartsWith('.') || name.Contains("..", StringComparison.Ordinal) ||
            name.IndexOfAny(['/', '\\', ':']) >= 0 || name.Any(char.IsControl) || Path.GetFileName(name) != name)
        {
            throw OpenAIRequestException.BadRequest($"'{name}' is not a plain file name (no folders, '..', leading '.', ':' or control characters).", "file", "invalid_file_name");
        }

        if (Extractors.GetContentType(name) is null)
        {
            throw OpenAIRequestException.BadRequest($"'{name}' is of a type kb cannot read (Markdown, HTML, text, PDF, DOCX and source code are).", "file", "unsupported_file_type");
        }
    }

    private static async Task<List<string>> SaveUploadsAsync(HttpContext context, KbService kb, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            throw OpenAIRequestException.BadRequest("Upload files as multipart/form-data (field 'file').", "file");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUploadBytes;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxUploadBytes }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            throw RequestJson.TooLarge(MaxUploadBytes);
        }

        if (form.Files.Count == 0)
        {
            throw OpenAIRequestException.BadRequest("No file in the upload (multipart field 'file').", "file", "missing_required_parameter");
        }

        foreach (var file in form.Files)
        {
            CheckFileName(file.FileName);
        }

        Directory.CreateDirectory(kb.UploadFolder);
        var paths = new List<string>();
        foreach (var file in form.Files)
        {
            var path = Path.Combine(kb.UploadFolder, file.FileName);
            if (!kb.IsUpload(path))
            {
                throw OpenAIRequestException.BadRequest($"'{file.FileName}' would land outside the upload folder.", "file", "invalid_file_name");
            }

            // Written beside and then moved, so a document being re-ingested never reads a half-written file.
            var partial = path + ".partial";
            await using (var target = File.Create(partial))
            {
                await file.CopyToAsync(target, cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
            paths.Add(path);
        }

        return paths;
    }

    private sealed class ChannelProgress(ChannelWriter<IngestionProgress> writer) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => writer.TryWrite(value);
    }
}
