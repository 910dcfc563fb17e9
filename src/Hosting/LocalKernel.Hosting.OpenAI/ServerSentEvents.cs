using System.Text;
using Microsoft.AspNetCore.Http;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// Writes a <c>text/event-stream</c> response as OpenAI streams: <c>data: {json}</c> events, flushed one by one, and
/// <c>data: [DONE]</c> at the end. Hand-written (three lines) because ASP.NET Core's typed SSE result serializes
/// every item itself and cannot send an error event once an enumeration has failed midway.
/// </summary>
public static class ServerSentEvents
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>Sets the status and headers of an event stream (no buffering by proxies) and sends them.</summary>
    public static async Task StartAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync();
    }

    /// <summary>Writes one <c>data:</c> event (with an <c>event:</c> line when named) and flushes it.</summary>
    public static async Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> data, CancellationToken cancellationToken, string? eventName = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (eventName is not null)
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {eventName}\n"), cancellationToken);
        }

        await response.Body.WriteAsync(DataPrefix, cancellationToken);
        await response.Body.WriteAsync(data, cancellationToken);
        await response.Body.WriteAsync(EventEnd, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Writes <c>data: [DONE]</c>.</summary>
    public static Task DoneAsync(HttpResponse response, CancellationToken cancellationToken) =>
        WriteAsync(response, "[DONE]"u8.ToArray(), cancellationToken);
}
