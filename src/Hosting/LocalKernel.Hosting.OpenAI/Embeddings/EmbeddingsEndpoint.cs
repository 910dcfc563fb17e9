using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// <c>POST /v1/embeddings</c>: a string or an array of strings, as float arrays or base64 (little-endian float32, what
/// the OpenAI SDKs ask for by default). <c>dimensions</c> is refused unless it is the model's own size: these models
/// are not trained to be truncated, and a silently shortened vector would compare wrongly.
/// </summary>
internal static class EmbeddingsEndpoint
{
    private const int MaxInputs = 2048;

    public static Task HandleAsync(HttpContext context) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<OpenAIServerOptions>();
        var models = services.GetRequiredService<ServedModels>();
        using var document = await RequestJson.ReadAsync(context, options.MaxRequestBodyBytesOrDefault);
        var root = document.RootElement;
        var modelId = JsonFields.String(root, "model")
            ?? throw OpenAIRequestException.BadRequest("'model' is required: one of the ids of GET /v1/models.", "model", "missing_required_parameter");
        var inputs = Inputs(root);
        var encoding = JsonFields.String(root, "encoding_format") ?? "float";
        if (encoding is not ("float" or "base64"))
        {
            throw OpenAIRequestException.BadRequest("'encoding_format' must be float or base64.", "encoding_format", "invalid_value");
        }

        if (!models.HasEmbeddingModels)
        {
            throw new OpenAIRequestException(StatusCodes.Status503ServiceUnavailable, "No embedding model is loaded on this server.", OpenAIErrors.Server, "model", "model_not_loaded");
        }

        var generator = models.FindEmbeddingModel(modelId) ?? throw new OpenAIRequestException(
            StatusCodes.Status404NotFound, $"The embedding model '{modelId}' does not exist on this server; GET /v1/models lists the ones it serves.",
            OpenAIErrors.InvalidRequest, "model", "model_not_found");
        var native = generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions;
        if (JsonFields.Integer(root, "dimensions", 1, int.MaxValue) is { } dimensions && dimensions != native)
        {
            throw OpenAIRequestException.BadRequest(
                $"'dimensions' is not supported: '{modelId}' makes vectors of {(native is null ? "its own" : native.ToString())} dimensions and cannot shorten them. Leave 'dimensions' out.",
                "dimensions", "unsupported_value");
        }

        var embeddings = await generator.GenerateAsync(inputs, new EmbeddingGenerationOptions { ModelId = modelId }, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        for (int i = 0; i < embeddings.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("object", "embedding");
            json.WriteNumber("index", i);
            var vector = embeddings[i].Vector;
            if (encoding == "base64")
            {
                json.WriteBase64String("embedding", MemoryMarshal.AsBytes(vector.Span));
            }
            else
            {
                json.WriteStartArray("embedding");
                foreach (var value in vector.Span)
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("model", modelId);
        long tokens = embeddings.Usage?.InputTokenCount ?? 0;
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", tokens);
        json.WriteNumber("total_tokens", embeddings.Usage?.TotalTokenCount ?? tokens);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    });

    private static List<string> Inputs(JsonElement root)
    {
        switch (JsonFields.Get(root, "input"))
        {
            case { ValueKind: JsonValueKind.String } one:
                return [one.GetString()!];
            case { ValueKind: JsonValueKind.Array } many when many.GetArrayLength() is > 0 and <= MaxInputs:
                return many.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.String
                    ? item.GetString()!
                    : throw OpenAIRequestException.BadRequest($"'input[{i}]' must be a string; token arrays are not supported.", $"input[{i}]", "invalid_type")).ToList();
            case null:
                throw OpenAIRequestException.BadRequest("'input' is required: a string or an array of strings.", "input", "missing_required_parameter");
            default:
                throw OpenAIRequestException.BadRequest($"'input' must be a string or an array of 1 to {MaxInputs} strings.", "input", "invalid_value");
        }
    }
}
