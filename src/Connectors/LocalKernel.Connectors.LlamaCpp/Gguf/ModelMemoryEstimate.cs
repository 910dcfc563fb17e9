namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// How much memory a model needs at a given context length, from its GGUF header alone: weights, KV cache and
/// compute buffers, plus the common rule of thumb for comparison.
/// </summary>
/// <remarks>
/// <para>Weights: the sum of all tensors' bytes (exact).</para>
/// <para>
/// KV cache: n_layer × n_ctx × n_head_kv × (key_length + value_length) × bytes per element, which is the usual
/// 2 × n_layer × n_ctx × n_head_kv × head_dim × bytes when keys and values have the same head size
/// (head_dim = n_embd / n_head unless <c>{arch}.attention.key_length</c> says otherwise). F16 caches take 2 bytes
/// per element, Q8_0 34/32 and Q4_0 18/32.
/// </para>
/// <para>
/// Compute buffers (an estimate): with n_ub = min(batch size, n_ctx) tokens per micro-batch,
/// max(logits, attention scores) + activations, where logits = n_vocab × n_ub × 4, attention scores =
/// n_head × n_ub × n_ctx × 4 for one layer when flash attention is off (0 when it is on, the llama.cpp default
/// where the backend supports it), activations = n_ub × (4 × n_embd + 2 × n_ff) × 4. ggml's allocator reuses
/// memory between layers and between the attention and output stages, hence one layer and the larger of the two.
/// An encoder (<see cref="GgufModelSummary.IsEncoder"/>, such as a converted BERT embedding model) has neither:
/// llama.cpp creates no KV cache for it and its output is one n_embd vector per token, not n_vocab logits.
/// Against the pinned llama.cpp on CPU this came within about 15% (stories260K at 2048 tokens: 2.2 MiB
/// estimated, 3.5 MiB reported; a 61M-parameter model: 73.5 MiB estimated, 64.5 MiB reported).
/// </para>
/// <para>
/// Rule of thumb (shown beside the estimate, not part of it): M = P × Q / 8 × 1.2 bytes, with P the parameter
/// count and Q the bits per weight; the 20% stands for KV cache and buffers at a modest context.
/// </para>
/// Immutable and thread-safe.
/// </remarks>
public sealed class ModelMemoryEstimate
{
    /// <summary>The micro-batch size llama.cpp uses by default (<c>n_ubatch</c>).</summary>
    public const int DefaultBatchSize = 512;

    /// <summary>The overhead factor of the rule of thumb: 1.2, that is 20% on top of the weights.</summary>
    public const double RuleOfThumbOverhead = 1.2;

    private ModelMemoryEstimate()
    {
    }

    /// <summary>Gets the context length the estimate is for.</summary>
    public int ContextLength { get; private init; }

    /// <summary>Gets the micro-batch size the compute estimate assumes.</summary>
    public int BatchSize { get; private init; }

    /// <summary>Gets whether the compute estimate assumes flash attention (no full attention-score matrix).</summary>
    public bool FlashAttention { get; private init; }

    /// <summary>Gets whether the model is an encoder: no KV cache, and embeddings instead of logits.</summary>
    public bool IsEncoder { get; private init; }

    /// <summary>Gets the bytes per KV cache element assumed (2 for F16).</summary>
    public double KvTypeBytes { get; private init; }

    /// <summary>Gets the bytes of the weights (all tensor data).</summary>
    public long WeightsBytes { get; private init; }

    /// <summary>Gets the bytes of the KV cache; 0 when <see cref="IsKvCacheKnown"/> is false.</summary>
    public long KvCacheBytes { get; private init; }

    /// <summary>Gets whether the file states the layer count and head shape the KV cache estimate needs.</summary>
    public bool IsKvCacheKnown { get; private init; }

    /// <summary>Gets the estimated bytes of compute buffers: the larger of logits and attention scores, plus activations.</summary>
    public long ComputeBytes { get; private init; }

    /// <summary>Gets the total: weights + KV cache + compute.</summary>
    public long TotalBytes => WeightsBytes + KvCacheBytes + ComputeBytes;

    /// <summary>Gets the rule-of-thumb total P × Q / 8 × 1.2 (see <see cref="RuleOfThumb"/>) for comparison.</summary>
    public long RuleOfThumbBytes { get; private init; }

    /// <summary>Estimates the memory a model needs with a context of <paramref name="contextLength"/> tokens.</summary>
    /// <param name="summary">The model.</param>
    /// <param name="contextLength">Context length in tokens (positive).</param>
    /// <param name="kvTypeBytes">Bytes per KV cache element: 2 for F16 (the default), 34.0/32 for Q8_0, 18.0/32 for Q4_0.</param>
    /// <param name="batchSize">Tokens per micro-batch (positive); 512 by default.</param>
    /// <param name="flashAttention">Whether flash attention will be used (llama.cpp's default where supported).</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static ModelMemoryEstimate For(
        GgufModelSummary summary,
        int contextLength,
        double kvTypeBytes = 2,
        int batchSize = DefaultBatchSize,
        bool flashAttention = true)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contextLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (!(kvTypeBytes > 0) || double.IsInfinity(kvTypeBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(kvTypeBytes), kvTypeBytes, "Bytes per KV element must be positive.");
        }

        var kvKnown = summary.IsEncoder || summary is { BlockCount: > 0, HeadCountKv: > 0, KeyLength: > 0, ValueLength: > 0 };
        var kvBytes = kvKnown && !summary.IsEncoder
            ? (double)summary.BlockCount!.Value * contextLength * summary.HeadCountKv!.Value
                * (summary.KeyLength!.Value + summary.ValueLength!.Value) * kvTypeBytes
            : 0;

        double microBatch = Math.Min(batchSize, contextLength);
        var logits = (double)(summary.IsEncoder ? summary.EmbeddingLength ?? 0 : summary.VocabularySize ?? 0) * microBatch * sizeof(float);
        var scores = flashAttention ? 0 : (double)(summary.HeadCount ?? 0) * microBatch * contextLength * sizeof(float);
        var activations = microBatch * ((4.0 * (summary.EmbeddingLength ?? 0)) + (2.0 * (summary.FeedForwardLength ?? 0))) * sizeof(float);

        return new ModelMemoryEstimate
        {
            ContextLength = contextLength,
            BatchSize = batchSize,
            KvTypeBytes = kvTypeBytes,
            WeightsBytes = summary.TensorBytes,
            KvCacheBytes = ToBytes(kvBytes),
            IsKvCacheKnown = kvKnown,
            FlashAttention = flashAttention,
            IsEncoder = summary.IsEncoder,
            ComputeBytes = ToBytes(Math.Max(logits, scores) + activations),
            RuleOfThumbBytes = RuleOfThumb(summary.ParameterCount, summary.BitsPerWeight),
        };
    }

    /// <summary>The rule of thumb M = P × Q / 8 × 1.2: bytes for P parameters at Q bits per weight plus 20%.</summary>
    /// <param name="parameterCount">P, the number of parameters.</param>
    /// <param name="bitsPerWeight">Q, the average bits per weight.</param>
    /// <returns>The estimate in bytes.</returns>
    public static long RuleOfThumb(long parameterCount, double bitsPerWeight) =>
        ToBytes(parameterCount * bitsPerWeight / 8 * RuleOfThumbOverhead);

    private static long ToBytes(double bytes) => bytes >= long.MaxValue ? long.MaxValue : (long)Math.Ceiling(bytes);
}
