using LocalKernel.Connectors.LlamaCpp;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace LocalKernel.SemanticKernel;

/// <summary>
/// Registers LocalKernel's llama.cpp clients for Semantic Kernel in a service collection, the way Semantic Kernel's own
/// connectors do: an <see cref="IChatClient"/> keyed by the service id and wrapped with
/// <c>UseKernelFunctionInvocation()</c> (Semantic Kernel has no invocation loop of its own for chat clients, so without
/// it tools would be offered and never run), and an embedding generator keyed the same way. A model file is loaded
/// once per container and shared by chat and embeddings; the container frees it.
/// </summary>
public static class LlamaKernelServiceCollectionExtensions
{
    /// <summary>Registers a chat client over the model at <paramref name="modelPath"/> for Semantic Kernel.</summary>
    /// <param name="services">The services (e.g. <c>kernelBuilder.Services</c>).</param>
    /// <param name="modelPath">The GGUF file; loaded on first use.</param>
    /// <param name="serviceId">Semantic Kernel's service id (the DI key); null registers the default client.</param>
    /// <param name="configure">Sets the client's options (context size, parallel requests, model id, …).</param>
    /// <param name="modelOptions">How the model is loaded.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    public static IServiceCollection AddLlamaChatClient(this IServiceCollection services, string modelPath, string? serviceId,
        Action<LlamaChatClientOptions>? configure = null, LlamaModelOptions? modelOptions = null)
    {
        services.AddKeyedLlamaChatClient(serviceId, modelPath, configure, modelOptions).UseKernelFunctionInvocation();
        return services;
    }

    /// <summary>Registers a chat client over an already loaded <paramref name="model"/> for Semantic Kernel (the caller keeps and frees the model).</summary>
    /// <param name="services">The services.</param>
    /// <param name="model">The model.</param>
    /// <param name="serviceId">Semantic Kernel's service id (the DI key); null registers the default client.</param>
    /// <param name="options">The client's options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="model"/> is null.</exception>
    public static IServiceCollection AddLlamaChatClient(this IServiceCollection services, LlamaModel model, string? serviceId = null,
        LlamaChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(model);
        services.AddKeyedChatClient(serviceId, sp => new LlamaChatClient(model, options, sp.GetService<ILoggerFactory>())).UseKernelFunctionInvocation();
        return services;
    }

    /// <summary>Registers an embedding generator over the model at <paramref name="modelPath"/> for Semantic Kernel.</summary>
    /// <param name="services">The services.</param>
    /// <param name="modelPath">The GGUF file; loaded on first use, shared with a chat client of the same file.</param>
    /// <param name="serviceId">Semantic Kernel's service id (the DI key); null registers the default generator.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="modelOptions">How the model is loaded.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    public static IServiceCollection AddLlamaEmbeddingGenerator(this IServiceCollection services, string modelPath, string? serviceId,
        Action<LlamaEmbeddingGeneratorOptions>? configure = null, LlamaModelOptions? modelOptions = null)
    {
        services.AddKeyedLlamaEmbeddingGenerator(serviceId, modelPath, configure, modelOptions);
        return services;
    }

    /// <summary>Registers an embedding generator over an already loaded <paramref name="model"/> (the caller keeps and frees the model).</summary>
    /// <param name="services">The services.</param>
    /// <param name="model">The model.</param>
    /// <param name="serviceId">Semantic Kernel's service id (the DI key); null registers the default generator.</param>
    /// <param name="options">The generator's options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="model"/> is null.</exception>
    public static IServiceCollection AddLlamaEmbeddingGenerator(this IServiceCollection services, LlamaModel model, string? serviceId = null,
        LlamaEmbeddingGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(model);
        services.AddKeyedEmbeddingGenerator(serviceId, _ => new LlamaEmbeddingGenerator(model, options));
        return services;
    }
}
