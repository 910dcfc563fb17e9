using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// <c>POST /v1/chat/completions</c>: one request to the served <see cref="IChatClient"/>, streamed as
/// <c>chat.completion.chunk</c> events or collected into one <c>chat.completion</c>. Tool calls are returned to the
/// client, never run here: that is OpenAI's contract (the client owns its functions). The request's abort token is
/// the generation's, so a client that disconnects stops its generation and frees its slot.
/// </summary>
internal static class ChatCompletionsEndpoint
{
    public static Task HandleAsync(HttpContext context) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        long start = Stopwatch.GetTimestamp();
        var services = context.RequestServices;
        var options = services.GetRequiredService<OpenAIServerOptions>();
        var models = services.GetRequiredService<ServedModels>();
        using var document = await RequestJson.ReadAsync(context, options.MaxRequestBodyBytesOrDefault);
        var request = ChatCompletionRequestParser.Parse(document.RootElement, options);
        var model = FindModel(models, request.Model);
        var metrics = services.GetRequiredService<ServerMetrics>();

        var updates = model.Client.GetStreamingResponseAsync(request.Messages, request.Options, context.RequestAborted);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        UsageDetails? usage;
        if (request.Stream)
        {
            usage = await StreamAsync(context, request, updates, id, created, () => metrics.FirstToken(request.Model, Stopwatch.GetElapsedTime(start)));
        }
        else
        {
            var response = await updates.ToChatResponseAsync(context.RequestAborted);
            metrics.FirstToken(request.Model, Stopwatch.GetElapsedTime(start));
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            usage = response.Usage;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(
                ChatCompletionJson.Completion(id, created, request.Model, response.Text, calls, ChatCompletionJson.FinishReason(response.FinishReason, calls.Count > 0), usage),
                context.RequestAborted);
        }

        if (usage is not null)
        {
            metrics.Tokens(request.Model, usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0);
        }
    });

    /// <summary>The chat model a request names: 503 when none is loaded, 404 when the id is not one of them.</summary>
    public static ServedChatModel FindModel(ServedModels models, string id)
    {
        if (!models.HasChatModels)
        {
            throw new OpenAIRequestException(StatusCodes.Status503ServiceUnavailable, "No chat model is loaded on this server.", OpenAIErrors.Server, "model", "model_not_loaded");
        }

        return models.FindChatModel(id) ?? throw new OpenAIRequestException(
            StatusCodes.Status404NotFound,
            $"The model '{id}' does not exist on this server; GET /v1/models lists the ones it serves ({string.Join(", ", models.ChatModels.Select(m => m.Id))}).",
            OpenAIErrors.InvalidRequest,
            "model",
            "model_not_found");
    }

    private static async Task<UsageDetails?> StreamAsync(HttpContext context, ChatCompletionRequest request, IAsyncEnumerable<ChatResponseUpdate> updates,
        string id, long created, Action firstToken)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        await using var enumerator = updates.GetAsyncEnumerator(cancellationToken);

        // The first update is awaited before the headers go out, so a request the model refuses at once (a prompt longer
        // than the context) still gets its 400 instead of a 200 stream with an error inside.
        bool more = await enumerator.MoveNextAsync();
        await ServerSentEvents.StartAsync(response);
        await ServerSentEvents.WriteAsync(response, ChatCompletionJson.Chunk(id, created, request.Model, "assistant", string.Empty, null, null, request.IncludeUsage), cancellationToken);

        UsageDetails? usage = null;
        ChatFinishReason? finishReason = null;
        int toolCalls = 0;
        bool first = true;
        for (; more; more = await enumerator.MoveNextAsync())
        {
            var update = enumerator.Current;
            finishReason = update.FinishReason ?? finishReason;
            var text = string.Concat(update.Contents.OfType<TextContent>().Select(t => t.Text));
            var calls = update.Contents.OfType<FunctionCallContent>().Select(c => (toolCalls++, c)).ToList();
            foreach (var used in update.Contents.OfType<UsageContent>())
            {
                (usage ??= new UsageDetails()).Add(used.Details);
            }

            if (text.Length == 0 && calls.Count == 0)
            {
                continue;
            }

            if (first)
            {
                firstToken();
                first = false;
            }

            await ServerSentEvents.WriteAsync(response,
                ChatCompletionJson.Chunk(id, created, request.Model, null, text.Length > 0 ? text : null, calls, null, request.IncludeUsage), cancellationToken);
        }

        await ServerSentEvents.WriteAsync(response,
            ChatCompletionJson.Chunk(id, created, request.Model, null, null, null, ChatCompletionJson.FinishReason(finishReason, toolCalls > 0), request.IncludeUsage),
            cancellationToken);
        if (request.IncludeUsage)
        {
            await ServerSentEvents.WriteAsync(response, ChatCompletionJson.UsageChunk(id, created, request.Model, usage ?? new UsageDetails()), cancellationToken);
        }

        await ServerSentEvents.DoneAsync(response, cancellationToken);
        return usage;
    }
}
