using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>Counts every routed request by its endpoint's route pattern and final status.</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, ServerMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var endpoint = (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.Request(endpoint, context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode, Stopwatch.GetElapsedTime(start));
        }
    }
}
