using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// <c>POST /tokenize</c> (<c>{"content", "add_special", "with_pieces", "model"}</c> → <c>{"tokens"}</c>) and
/// <c>POST /detokenize</c> (<c>{"tokens", "model"}</c> → <c>{"content"}</c>), in llama-server's shapes: OpenAI has no
/// such endpoint, and tools written for llama-server already speak these. <c>model</c> defaults to the first chat model.
/// </summary>
internal static class TokenizeEndpoint
{
    public static Task TokenizeAsync(HttpContext context) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        var options = context.RequestServices.GetRequiredService<OpenAIServerOptions>();
        using var document = await RequestJson.ReadAsync(context, options.MaxRequestBodyBytesOrDefault);
        var root = document.RootElement;
        var tokenizer = Tokenizer(context, root);
        var content = JsonFields.String(root, "content")
            ?? throw OpenAIRequestException.BadRequest("'content' is required: the text to tokenize.", "content", "missing_required_parameter");
        var tokens = tokenizer.Tokenize(content, JsonFields.Bool(root, "add_special") ?? false);
        bool withPieces = JsonFields.Bool(root, "with_pieces") ?? false;

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("tokens");
        foreach (var token in tokens)
        {
            if (withPieces)
            {
                json.WriteStartObject();
                json.WriteNumber("id", token);
                json.WriteString("piece", tokenizer.Piece(token));
                json.WriteEndObject();
            }
            else
            {
                json.WriteNumberValue(token);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    public static Task DetokenizeAsync(HttpContext context) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        var options = context.RequestServices.GetRequiredService<OpenAIServerOptions>();
        using var document = await RequestJson.ReadAsync(context, options.MaxRequestBodyBytesOrDefault);
        var root = document.RootElement;
        var tokenizer = Tokenizer(context, root);
        if (JsonFields.Get(root, "tokens") is not { ValueKind: JsonValueKind.Array } array)
        {
            throw OpenAIRequestException.BadRequest("'tokens' is required: an array of token ids.", "tokens", "missing_required_parameter");
        }

        var tokens = array.EnumerateArray().Select((t, i) => t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var id)
            ? id
            : throw JsonFields.Wrong($"tokens[{i}]", "an integer token id")).ToList();
        var text = tokenizer.Detokenize(tokens);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("content", text);
        json.WriteEndObject();
    });

    private static IServedTokenizer Tokenizer(HttpContext context, JsonElement root)
    {
        var models = context.RequestServices.GetRequiredService<ServedModels>();
        var model = JsonFields.String(root, "model") is { } id
            ? ChatCompletionsEndpoint.FindModel(models, id)
            : models.ChatModels.FirstOrDefault(m => m.Tokenizer is not null) ?? ChatCompletionsEndpoint.FindModel(models, string.Empty);
        return model.Tokenizer ?? throw OpenAIRequestException.BadRequest($"The model '{model.Id}' has no tokenizer to show.", "model", "unsupported_model");
    }
}
