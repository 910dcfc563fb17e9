using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>Writes errors in OpenAI's JSON shape, so every OpenAI client shows the server's message as is.</summary>
public static class OpenAIErrors
{
    /// <summary>The type of a refused request (400, 404, 413).</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>The type of a missing or wrong key (401).</summary>
    public const string Authentication = "authentication_error";

    /// <summary>The type of a full queue (429).</summary>
    public const string RateLimit = "rate_limit_error";

    /// <summary>The type of a failure of the server or its model (500, 503, 504).</summary>
    public const string Server = "server_error";

    /// <summary>Writes the error as the whole response. Does nothing when the response has started (a stream).</summary>
    /// <param name="context">The request.</param>
    /// <param name="error">The error.</param>
    public static Task WriteAsync(HttpContext context, OpenAIRequestException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(ToJson(error), CancellationToken.None).AsTask();
    }

    /// <summary>The error's JSON: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
    public static byte[] ToJson(OpenAIRequestException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", error.Message);
            json.WriteString("type", error.Type);
            WriteNullable(json, "param", error.Param);
            WriteNullable(json, "code", error.Code);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
