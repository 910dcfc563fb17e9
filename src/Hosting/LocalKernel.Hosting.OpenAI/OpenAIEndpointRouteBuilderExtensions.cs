using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// Maps OpenAI's HTTP API over the <see cref="ServedModels"/>. It lives in a library rather than in the <c>kb</c>
/// sample because nothing in it is about documents: any application with an <see cref="Microsoft.Extensions.AI.IChatClient"/>
/// (a local model, a cached or logged pipeline of delegating clients) can serve it to every OpenAI client this way.
/// </summary>
public static class OpenAIEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /v1/chat/completions</c>, <c>POST /v1/embeddings</c>, <c>GET /v1/models</c>,
    /// <c>GET /v1/models/{id}</c>, <c>POST /tokenize</c>, <c>POST /detokenize</c> and <c>GET /health</c>.
    /// Needs <see cref="OpenAIServerServiceCollectionExtensions.AddOpenAIServer"/> and
    /// <see cref="OpenAIServerApplicationBuilderExtensions.UseOpenAIServer"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapOpenAIEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/v1/chat/completions", ChatCompletionsEndpoint.HandleAsync).WithGenerationLimits();
        endpoints.MapPost("/v1/embeddings", EmbeddingsEndpoint.HandleAsync).WithGenerationLimits();
        endpoints.MapGet("/v1/models", ModelsEndpoint.ListAsync);
        endpoints.MapGet("/v1/models/{id}", ModelsEndpoint.GetAsync);
        endpoints.MapPost("/tokenize", TokenizeEndpoint.TokenizeAsync);
        endpoints.MapPost("/detokenize", TokenizeEndpoint.DetokenizeAsync);
        endpoints.MapGet("/health", (HttpContext context) => context.Response.WriteAsJsonAsync(new { status = "ok" }));
        return endpoints;
    }

    /// <summary>Puts an endpoint behind the bounded queue and the per-request timeout, as the model endpoints are.</summary>
    public static TBuilder WithGenerationLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(GenerationSlotMetadata.Instance);
        builder.WithRequestTimeout(OpenAIServerServiceCollectionExtensions.GenerationTimeoutPolicy);
        return builder;
    }
}
