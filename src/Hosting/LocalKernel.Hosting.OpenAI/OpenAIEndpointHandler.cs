using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// Runs an endpoint body and answers every failure in OpenAI's error JSON: refusals with their status, input the
/// model refuses as 400, failures the host maps (<see cref="OpenAIServerOptions.MapException"/>) as mapped, anything
/// else as a 500 whose details go to the log, not the client. A client that disconnects ends the request silently.
/// Once a stream has started the status can no longer change, so the error becomes a last <c>data:</c> event.
/// </summary>
public static partial class OpenAIEndpointHandler
{
    /// <summary>Runs <paramref name="body"/> for <paramref name="context"/>.</summary>
    public static async Task RunAsync(HttpContext context, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            await body();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Disconnected (the generation was cancelled with it) or timed out: the timeout middleware answers the latter.
            throw;
        }
        catch (Exception e)
        {
            var options = context.RequestServices.GetRequiredService<OpenAIServerOptions>();
            var error = e as OpenAIRequestException ?? options.MapException?.Invoke(e) ?? (e is ArgumentException
                ? OpenAIRequestException.BadRequest(e.Message)
                : null);
            if (error is null)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenAIEndpointHandler));
                LogFailure(logger, context.Request.Path, e);
                error = new OpenAIRequestException(StatusCodes.Status500InternalServerError, $"The server failed: {e.GetType().Name}.", OpenAIErrors.Server);
            }

            if (context.Response.HasStarted)
            {
                await ServerSentEvents.WriteAsync(context.Response, OpenAIErrors.ToJson(error), CancellationToken.None);
            }
            else
            {
                await OpenAIErrors.WriteAsync(context, error);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Request {Path} failed")]
    private static partial void LogFailure(ILogger logger, string path, Exception exception);
}
