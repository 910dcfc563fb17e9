using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Tests;

/// <summary>A hand-written embedding generator: <see cref="EmbedCallback"/> turns one text into one vector.</summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Lock _lock = new();

    public FakeEmbeddingGenerator(string modelId, int dimensions, Func<string, float[]> embed)
    {
        ModelId = modelId;
        Dimensions = dimensions;
        EmbedCallback = embed;
    }

    public string ModelId { get; }

    public int Dimensions { get; }

    public Func<string, float[]> EmbedCallback { get; set; }

    /// <summary>Called before each batch; throw from it to fail the batch.</summary>
    public Action<IReadOnlyList<string>>? BeforeBatch { get; set; }

    /// <summary>The size of every batch requested, in order.</summary>
    public List<int> BatchSizes { get; } = [];

    public int TextsEmbedded { get { lock (_lock) { return BatchSizes.Sum(); } } }

    public EmbeddingModelInfo ModelInfo => new(ModelId, Dimensions, "mean", Normalized: true);

    /// <summary>A deterministic bag-of-words model: each lower-cased word adds ±1 to a hashed dimension, then L2 norm.
    /// Texts that share words are similar; texts that share none are (almost) orthogonal.</summary>
    public static FakeEmbeddingGenerator HashingBagOfWords(int dimensions = 256, string modelId = "hashing-bow") =>
        new(modelId, dimensions, text => HashWords(text, dimensions));

    public static float[] HashWords(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var w = new string(word.Where(char.IsLetterOrDigit).ToArray());
            if (w.Length == 0)
            {
                continue;
            }

            uint hash = 2166136261;
            foreach (var c in w)
            {
                hash = (hash ^ c) * 16777619;
            }

            vector[hash % (uint)dimensions] += (hash & 0x80000000) != 0 ? 1 : -1;
        }

        float norm = MathF.Sqrt(vector.Sum(x => x * x));
        if (norm > 0)
        {
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        lock (_lock)
        {
            BatchSizes.Add(texts.Count);
        }

        BeforeBatch?.Invoke(texts);
        cancellationToken.ThrowIfCancellationRequested();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(EmbedCallback(t)) { ModelId = ModelId }));
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("fake", null, ModelId, Dimensions)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
