using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>Reads a JSON request body within a size limit; every way it can fail is an <see cref="OpenAIRequestException"/>.</summary>
public static class RequestJson
{
    /// <summary>Parses the body as JSON.</summary>
    /// <param name="context">The request.</param>
    /// <param name="maxBytes">The largest body accepted; a larger one is a 413.</param>
    /// <returns>The parsed document; the caller disposes it.</returns>
    /// <exception cref="OpenAIRequestException">413 for a body over the limit, 400 for one that is not a JSON object.</exception>
    public static async Task<JsonDocument> ReadAsync(HttpContext context, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        if (context.Request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBytes);
        }
        catch (JsonException e)
        {
            throw OpenAIRequestException.BadRequest($"The request body is not valid JSON: {e.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw OpenAIRequestException.BadRequest("The request body must be a JSON object.");
        }

        return document;
    }

    /// <summary>The 413 of a body over <paramref name="maxBytes"/>.</summary>
    public static OpenAIRequestException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than this server accepts ({maxBytes:N0} bytes).", OpenAIErrors.InvalidRequest, code: "request_too_large");
}
