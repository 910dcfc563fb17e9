using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Testing;

/// <summary>
/// The shape of a generated llama-architecture test model. Use a preset and change what a test needs:
/// <c>TestModelSpec.Tiny with { WeightType = GgmlType.Q8_0 }</c>.
/// </summary>
internal sealed record TestModelSpec
{
    /// <summary>n_embd 64, 2 layers, 4 heads (2 KV heads), FFN 128, context 512, F32; generated in milliseconds.</summary>
    public static TestModelSpec Tiny { get; } = new();

    /// <summary>
    /// About 61 million parameters for benchmarks: n_embd 512, 8 layers, 8 heads (4 KV heads), FFN 1792,
    /// context 2048, a 32,000-token vocabulary (like Llama 2), Q8_0 weights (about 65 MB).
    /// </summary>
    public static TestModelSpec Approx60M { get; } = new()
    {
        Name = "localkernel-test-60m",
        EmbeddingLength = 512,
        BlockCount = 8,
        HeadCount = 8,
        HeadCountKv = 4,
        FeedForwardLength = 1792,
        ContextLength = 2048,
        VocabularySize = 32000,
        WeightType = GgmlType.Q8_0,
    };

    /// <summary>
    /// About 349 million parameters, for measuring a GPU against the CPU on work large enough to show it: n_embd 1024,
    /// 24 layers, 16 heads (8 KV heads), FFN 2816, the 60M preset's context and vocabulary, Q8_0 (about 370 MB).
    /// </summary>
    public static TestModelSpec Approx350M { get; } = Approx60M with
    {
        Name = "localkernel-test-350m",
        EmbeddingLength = 1024,
        BlockCount = 24,
        HeadCount = 16,
        HeadCountKv = 8,
        FeedForwardLength = 2816,
    };

    public string Name { get; init; } = "localkernel-test-tiny";

    public int EmbeddingLength { get; init; } = 64;

    public int BlockCount { get; init; } = 2;

    public int HeadCount { get; init; } = 4;

    public int HeadCountKv { get; init; } = 2;

    public int FeedForwardLength { get; init; } = 128;

    public int ContextLength { get; init; } = 512;

    /// <summary>Null means the test vocabulary's natural size; a larger value pads it with filler pieces.</summary>
    public int? VocabularySize { get; init; }

    /// <summary>Type of the 2-D weights: F32, F16, Q8_0 or Q4_0. Norm weights stay F32, as llama.cpp keeps them.</summary>
    public GgmlType WeightType { get; init; } = GgmlType.F32;

    public ulong Seed { get; init; } = 42;

    public float WeightStandardDeviation { get; init; } = 0.02f;

    public float RopeFreqBase { get; init; } = 10000f;

    public float RmsNormEpsilon { get; init; } = 1e-5f;

    /// <summary>The Jinja chat template; null writes no template.</summary>
    public string? ChatTemplate { get; init; } = TestModelGenerator.ChatMLTemplate;

    public int HeadDimension => EmbeddingLength / HeadCount;

    public int KvEmbeddingLength => HeadDimension * HeadCountKv;

    public int ResolvedVocabularySize => VocabularySize ?? TestVocabulary.NaturalSize;

    /// <summary>The parameter count of the generated file (sum of all tensors' element counts).</summary>
    public long ParameterCount
    {
        get
        {
            long e = EmbeddingLength;
            long perLayer = (2 * e) // attn_norm, ffn_norm
                + (2 * e * e) // attn_q, attn_output
                + (2 * e * KvEmbeddingLength) // attn_k, attn_v
                + (3 * e * FeedForwardLength); // ffn_gate, ffn_up, ffn_down
            return (2 * e * ResolvedVocabularySize) + e + (BlockCount * perLayer);
        }
    }

    /// <summary>Throws when llama.cpp could not load the model this spec describes.</summary>
    public void Validate()
    {
        if (EmbeddingLength <= 0 || BlockCount <= 0 || HeadCount <= 0 || HeadCountKv <= 0 || FeedForwardLength <= 0 || ContextLength <= 0)
        {
            throw new ArgumentException("All sizes of a test model must be positive.");
        }

        if (EmbeddingLength % HeadCount != 0 || HeadCount % HeadCountKv != 0 || HeadDimension % 2 != 0)
        {
            throw new ArgumentException("n_embd must split into heads of even size, and heads into KV groups.");
        }

        if (!GgufWriter.CanEncode(WeightType))
        {
            throw new ArgumentException($"The generator cannot encode {WeightType} weights.");
        }

        var block = GgmlTypeInfo.Get(WeightType).BlockSize;
        if (EmbeddingLength % block != 0 || FeedForwardLength % block != 0)
        {
            throw new ArgumentException($"{WeightType} needs n_embd and n_ff to be multiples of {block}.");
        }
    }
}
