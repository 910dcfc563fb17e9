using System.Text.Json;
using LocalKernel.Hosting.OpenAI;
using LocalKernel.Rag;
using Microsoft.AspNetCore.Http;

namespace LocalKernel.Samples.KnowledgeBase.Server;

/// <summary>
/// <c>POST /v1/kb/ask</c> <c>{"question", "top", "stream"}</c>: the cited answer. Streamed (the default) as
/// <c>data:</c> events <c>{"type": "sources"}</c>, <c>{"type": "delta", "text"}</c>… and <c>{"type": "answer"}</c> with
/// the citations, then <c>[DONE]</c>; else one <c>kb.answer</c> object.
/// <c>POST /v1/kb/search</c> <c>{"query", "top", "mode"}</c>: the ranked passages, no answer.
/// </summary>
internal static class AskEndpoints
{
    public const int DefaultTop = 6;

    public static Task AskAsync(HttpContext context, KbService kb, OpenAIServerOptions options) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        using var document = await RequestJson.ReadAsync(context, options.MaxRequestBodyBytes ?? 1 << 20);
        var root = document.RootElement;
        var question = Text(root, "question");
        int top = Top(root, DefaultTop);
        bool stream = !root.TryGetProperty("stream", out var s) || s.ValueKind != JsonValueKind.False;
        var cancellationToken = context.RequestAborted;
        var answerOptions = KbService.AnswerOptions(top);
        if (!stream)
        {
            var answer = await kb.Answerer.AskAsync(question, answerOptions, cancellationToken);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(KbJson.Write(json => KbJson.Answer(json, answer, !kb.HasChatModel)), cancellationToken);
            return;
        }

        await using var updates = kb.Answerer.AskStreamingAsync(question, answerOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool more = await updates.MoveNextAsync();
        await ServerSentEvents.StartAsync(context.Response);
        for (; more; more = await updates.MoveNextAsync())
        {
            var update = updates.Current;
            if (update.Sources is { } sources)
            {
                await ServerSentEvents.WriteAsync(context.Response, KbJson.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("type", "sources");
                    json.WriteBoolean("extractive", !kb.HasChatModel);
                    KbJson.Sources(json, sources);
                    json.WriteEndObject();
                }), cancellationToken);
            }

            if (update.Text.Length > 0)
            {
                await ServerSentEvents.WriteAsync(context.Response, KbJson.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("type", "delta");
                    json.WriteString("text", update.Text);
                    json.WriteEndObject();
                }), cancellationToken);
            }

            if (update.Answer is { } answer)
            {
                await ServerSentEvents.WriteAsync(context.Response, KbJson.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("type", "answer");
                    json.WritePropertyName("answer");
                    KbJson.Answer(json, answer, !kb.HasChatModel);
                    json.WriteEndObject();
                }), cancellationToken);
            }
        }

        await ServerSentEvents.DoneAsync(context.Response, cancellationToken);
    });

    public static Task SearchAsync(HttpContext context, KbService kb, OpenAIServerOptions options) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        using var document = await RequestJson.ReadAsync(context, options.MaxRequestBodyBytes ?? 1 << 20);
        var root = document.RootElement;
        var query = Text(root, "query");
        var mode = root.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "hybrid";
        var retrievalMode = mode switch
        {
            "bm25" => RetrievalMode.Keyword,
            "vector" when kb.Retriever.CanSearchVectors => RetrievalMode.Vector,
            "vector" => throw OpenAIRequestException.BadRequest("'mode' vector needs the store's embedding model, which this server has not loaded.", "mode"),
            "hybrid" => RetrievalMode.Hybrid,
            _ => throw OpenAIRequestException.BadRequest("'mode' must be bm25, vector or hybrid.", "mode"),
        };
        var passages = await kb.Retriever.RetrieveAsync(query, new RetrievalOptions { Mode = retrievalMode, Top = Top(root, 10) }, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(KbJson.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            for (int i = 0; i < passages.Count; i++)
            {
                KbJson.Passage(json, passages[i], i + 1);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }), context.RequestAborted);
    });

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw OpenAIRequestException.BadRequest($"'{name}' is required: a non-empty string.", name, "missing_required_parameter");

    private static int Top(JsonElement root, int defaultValue)
    {
        if (!root.TryGetProperty("top", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var top) && top is >= 1 and <= 100
            ? top
            : throw OpenAIRequestException.BadRequest("'top' must be an integer from 1 to 100.", "top", "invalid_value");
    }
}
