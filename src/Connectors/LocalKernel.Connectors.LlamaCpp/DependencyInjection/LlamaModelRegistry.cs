using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Loads each model file once per container and shares it between the chat client and the embedding
/// generator registered for it; disposes the models with the container. Thread-safe.
/// </summary>
public sealed class LlamaModelRegistry(ILoggerFactory? loggerFactory = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<LlamaModel>> _models = new(StringComparer.Ordinal);

    /// <summary>The model at <paramref name="path"/>, loaded on first use with <paramref name="options"/>.</summary>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF.</exception>
    /// <exception cref="LlamaException">llama.cpp could not load it.</exception>
    public LlamaModel Get(string path, LlamaModelOptions? options = null)
    {
        var key = Path.GetFullPath(path);
        var model = _models.GetOrAdd(key, k => new Lazy<LlamaModel>(() => LlamaModel.Load(k, options, loggerFactory)));
        try
        {
            return model.Value;
        }
        catch
        {
            _models.TryRemove(new KeyValuePair<string, Lazy<LlamaModel>>(key, model)); // let a later call retry
            throw;
        }
    }

    /// <summary>Frees every model loaded.</summary>
    public void Dispose()
    {
        foreach (var model in _models.Values.Where(m => m.IsValueCreated))
        {
            model.Value.Dispose();
        }

        _models.Clear();
    }
}
