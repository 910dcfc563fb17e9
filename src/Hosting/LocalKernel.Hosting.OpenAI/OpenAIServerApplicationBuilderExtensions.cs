using Microsoft.AspNetCore.Builder;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>Adds the server's middleware to the pipeline.</summary>
public static class OpenAIServerApplicationBuilderExtensions
{
    /// <summary>
    /// Adds, in this order: request metrics, the API key check (<see cref="OpenAIServerOptions.ApiKey"/>; open paths
    /// excepted), per-request timeouts, and the bounded queue of the endpoints that run a model. Call after
    /// <c>UseRouting</c> (the queue and the timeouts are chosen by endpoint) and before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseOpenAIServer(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRequestTimeouts();
        app.UseMiddleware<GenerationGateMiddleware>();
        return app;
    }
}
