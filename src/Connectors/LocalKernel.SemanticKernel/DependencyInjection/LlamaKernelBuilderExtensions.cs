using LocalKernel.Connectors.LlamaCpp;
using Microsoft.SemanticKernel;

namespace LocalKernel.SemanticKernel;

/// <summary>
/// Adds LocalKernel's llama.cpp clients to a Semantic Kernel <see cref="IKernelBuilder"/> (see
/// <see cref="LlamaKernelServiceCollectionExtensions"/> for what is registered).
/// </summary>
public static class LlamaKernelBuilderExtensions
{
    /// <summary>Adds a chat client over the model at <paramref name="modelPath"/>, with Semantic Kernel's function invocation.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelPath">The GGUF file; loaded once, on first use.</param>
    /// <param name="configure">Sets the client's options (context size, parallel requests, model id, …).</param>
    /// <param name="serviceId">Semantic Kernel's service id; null for the default service.</param>
    /// <param name="modelOptions">How the model is loaded.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    public static IKernelBuilder AddLlamaChatClient(this IKernelBuilder builder, string modelPath, Action<LlamaChatClientOptions>? configure = null,
        string? serviceId = null, LlamaModelOptions? modelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLlamaChatClient(modelPath, serviceId, configure, modelOptions);
        return builder;
    }

    /// <summary>Adds a chat client over an already loaded <paramref name="model"/> (the caller keeps and frees it).</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="model">The model.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="serviceId">Semantic Kernel's service id; null for the default service.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="model"/> is null.</exception>
    public static IKernelBuilder AddLlamaChatClient(this IKernelBuilder builder, LlamaModel model, LlamaChatClientOptions? options = null,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLlamaChatClient(model, serviceId, options);
        return builder;
    }

    /// <summary>Adds an embedding generator over the model at <paramref name="modelPath"/> (shared with a chat client of the same file).</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelPath">The GGUF file; loaded once, on first use.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="serviceId">Semantic Kernel's service id; null for the default service.</param>
    /// <param name="modelOptions">How the model is loaded.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    public static IKernelBuilder AddLlamaEmbeddingGenerator(this IKernelBuilder builder, string modelPath,
        Action<LlamaEmbeddingGeneratorOptions>? configure = null, string? serviceId = null, LlamaModelOptions? modelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLlamaEmbeddingGenerator(modelPath, serviceId, configure, modelOptions);
        return builder;
    }

    /// <summary>Adds an embedding generator over an already loaded <paramref name="model"/> (the caller keeps and frees it).</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="model">The model.</param>
    /// <param name="options">The generator's options.</param>
    /// <param name="serviceId">Semantic Kernel's service id; null for the default service.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="model"/> is null.</exception>
    public static IKernelBuilder AddLlamaEmbeddingGenerator(this IKernelBuilder builder, LlamaModel model, LlamaEmbeddingGeneratorOptions? options = null,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLlamaEmbeddingGenerator(model, serviceId, options);
        return builder;
    }
}
