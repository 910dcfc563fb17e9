using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Registers LocalKernel's llama.cpp clients in a service collection, Microsoft.Extensions.AI's way: each method
/// returns the <see cref="ChatClientBuilder"/> (or <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/>) of the
/// registration, so middleware chains on (<c>.UseFunctionInvocation()</c>, <c>.UseLogging()</c>, …). A model file is
/// loaded once per container, on first use, and shared by every client registered for it (a
/// <see cref="LlamaModelRegistry"/> singleton); the container frees it.
/// </summary>
public static class LlamaServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="IChatClient"/> (a <see cref="LlamaChatClient"/>) over the model at <paramref name="modelPath"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="modelPath">The GGUF file; loaded on first use, shared with other clients of the same file.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="modelOptions">How the model is loaded (used by whichever client loads it first).</param>
    /// <param name="lifetime">The registration's lifetime; default singleton (a client owns a KV cache).</param>
    /// <returns>The pipeline builder: chain middleware onto it.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    public static ChatClientBuilder AddLlamaChatClient(this IServiceCollection services, string modelPath,
        Action<LlamaChatClientOptions>? configure = null, LlamaModelOptions? modelOptions = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        var factory = ChatClientFactory(services, modelPath, configure, modelOptions);
        return services.AddChatClient(factory, lifetime);
    }

    /// <summary>Registers an <see cref="IChatClient"/> under <paramref name="serviceKey"/> (see <see cref="AddLlamaChatClient(IServiceCollection, string, Action{LlamaChatClientOptions}?, LlamaModelOptions?, ServiceLifetime)"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, e.g. Semantic Kernel's service id.</param>
    /// <param name="modelPath">The GGUF file; loaded on first use, shared with other clients of the same file.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <param name="modelOptions">How the model is loaded (used by whichever client loads it first).</param>
    /// <param name="lifetime">The registration's lifetime; default singleton.</param>
    /// <returns>The pipeline builder: chain middleware onto it.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    public static ChatClientBuilder AddKeyedLlamaChatClient(this IServiceCollection services, object? serviceKey, string modelPath,
        Action<LlamaChatClientOptions>? configure = null, LlamaModelOptions? modelOptions = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        var factory = ChatClientFactory(services, modelPath, configure, modelOptions);
        return services.AddKeyedChatClient(serviceKey, factory, lifetime);
    }

    /// <summary>Registers an embedding generator of strings (a <see cref="LlamaEmbeddingGenerator"/>) over the model at <paramref name="modelPath"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="modelPath">The GGUF file; loaded on first use, shared with other clients of the same file.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="modelOptions">How the model is loaded (used by whichever client loads it first).</param>
    /// <param name="lifetime">The registration's lifetime; default singleton.</param>
    /// <returns>The pipeline builder: chain middleware onto it.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddLlamaEmbeddingGenerator(this IServiceCollection services, string modelPath,
        Action<LlamaEmbeddingGeneratorOptions>? configure = null, LlamaModelOptions? modelOptions = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        var factory = EmbeddingGeneratorFactory(services, modelPath, configure, modelOptions);
        return services.AddEmbeddingGenerator(factory, lifetime);
    }

    /// <summary>Registers an embedding generator under <paramref name="serviceKey"/> (see <see cref="AddLlamaEmbeddingGenerator(IServiceCollection, string, Action{LlamaEmbeddingGeneratorOptions}?, LlamaModelOptions?, ServiceLifetime)"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, e.g. Semantic Kernel's service id.</param>
    /// <param name="modelPath">The GGUF file; loaded on first use, shared with other clients of the same file.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="modelOptions">How the model is loaded (used by whichever client loads it first).</param>
    /// <param name="lifetime">The registration's lifetime; default singleton.</param>
    /// <returns>The pipeline builder: chain middleware onto it.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedLlamaEmbeddingGenerator(this IServiceCollection services, object? serviceKey,
        string modelPath, Action<LlamaEmbeddingGeneratorOptions>? configure = null, LlamaModelOptions? modelOptions = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        var factory = EmbeddingGeneratorFactory(services, modelPath, configure, modelOptions);
        return services.AddKeyedEmbeddingGenerator(serviceKey, factory, lifetime);
    }

    /// <summary>Adds the <see cref="LlamaModelRegistry"/> singleton (once) that loads and shares model files.</summary>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddLlamaModelRegistry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new LlamaModelRegistry(sp.GetService<ILoggerFactory>()));
        return services;
    }

    // Options are read at registration, so a later change to the configure delegate's captures does not matter.
    private static Func<IServiceProvider, IChatClient> ChatClientFactory(IServiceCollection services, string modelPath,
        Action<LlamaChatClientOptions>? configure, LlamaModelOptions? modelOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var options = new LlamaChatClientOptions();
        configure?.Invoke(options);
        services.AddLlamaModelRegistry();
        return sp => new LlamaChatClient(sp.GetRequiredService<LlamaModelRegistry>().Get(modelPath, modelOptions), options, sp.GetService<ILoggerFactory>());
    }

    private static Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> EmbeddingGeneratorFactory(IServiceCollection services,
        string modelPath, Action<LlamaEmbeddingGeneratorOptions>? configure, LlamaModelOptions? modelOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var options = new LlamaEmbeddingGeneratorOptions();
        configure?.Invoke(options);
        services.AddLlamaModelRegistry();
        return sp => new LlamaEmbeddingGenerator(sp.GetRequiredService<LlamaModelRegistry>().Get(modelPath, modelOptions), options);
    }
}
