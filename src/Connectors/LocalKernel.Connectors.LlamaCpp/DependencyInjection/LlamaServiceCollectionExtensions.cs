using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Registers LocalKernel's llama.cpp clients in a service collection.</summary>
public static class LlamaServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="IChatClient"/> (a <see cref="LlamaChatClient"/>) over the model at
    /// <paramref name="modelPath"/>. The model loads on first use and is shared with an embedding generator of
    /// the same file. Semantic Kernel and Agent Framework consume the registered <see cref="IChatClient"/> as is.
    /// </summary>
    public static IServiceCollection AddLlamaChatClient(this IServiceCollection services, string modelPath,
        Action<LlamaChatClientOptions>? configure = null, LlamaModelOptions? modelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var options = new LlamaChatClientOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(sp => new LlamaModelRegistry(sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IChatClient>(sp =>
            new LlamaChatClient(sp.GetRequiredService<LlamaModelRegistry>().Get(modelPath, modelOptions), options, sp.GetService<ILoggerFactory>()));
        return services;
    }

    /// <summary>
    /// Registers a singleton <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of strings (a
    /// <see cref="LlamaEmbeddingGenerator"/>) over the model at <paramref name="modelPath"/>.
    /// </summary>
    public static IServiceCollection AddLlamaEmbeddingGenerator(this IServiceCollection services, string modelPath,
        Action<LlamaEmbeddingGeneratorOptions>? configure = null, LlamaModelOptions? modelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var options = new LlamaEmbeddingGeneratorOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(sp => new LlamaModelRegistry(sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
            new LlamaEmbeddingGenerator(sp.GetRequiredService<LlamaModelRegistry>().Get(modelPath, modelOptions), options));
        return services;
    }
}
