using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.DependencyInjection;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>Registers what the OpenAI-compatible endpoints need.</summary>
public static class OpenAIServerServiceCollectionExtensions
{
    /// <summary>The request-timeout policy of the endpoints that run a model.</summary>
    public const string GenerationTimeoutPolicy = "localkernel-generation";

    /// <summary>Registers <paramref name="models"/>, <paramref name="options"/>, the <see cref="GenerationGate"/>,
    /// the <see cref="ServerMetrics"/> and the per-request timeout policy.</summary>
    public static IServiceCollection AddOpenAIServer(this IServiceCollection services, ServedModels models, OpenAIServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(models);
        services.AddSingleton(options);
        services.AddSingleton<GenerationGate>();
        services.AddSingleton<ServerMetrics>();
        services.AddRequestTimeouts(timeouts => timeouts.AddPolicy(GenerationTimeoutPolicy, new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeoutOrDefault,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            WriteTimeoutResponse = context => OpenAIErrors.WriteAsync(context, new OpenAIRequestException(
                StatusCodes.Status504GatewayTimeout,
                $"The request took longer than this server allows ({options.RequestTimeoutOrDefault.TotalSeconds:0} s) and was cancelled.",
                OpenAIErrors.Server,
                code: "timeout")),
        }));
        return services;
    }
}
