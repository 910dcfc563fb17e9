using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over a local GGUF model. Many inputs share each
/// <c>llama_decode</c> (one sequence id per input, filling the batch), pooled as the model says (mean / CLS /
/// last; overridable) and L2-normalised by default. Thread-safe: concurrent calls take turns on the one
/// embedding context. The model is shared and not disposed by this generator.
/// </summary>
public sealed class LlamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const int DefaultMaxInputTokens = 2048;

    // llama.cpp keeps a vocabulary-sized output row per token of an embedding batch: 1024 tokens of a
    // 32k vocabulary is 128 MB, a fair price for batching.
    private const int DefaultBatchTokens = 1024;

    // An encoder (non-causal attention, no KV cache) attends across the whole micro-batch with a mask between
    // sequences, so attention work grows with the square of the batch: 512 tokens keeps it small next to the
    // matrix products while still packing several short inputs per decode.
    private const int EncoderBatchTokens = 512;
    private readonly LlamaContext _context;
    private readonly SafeLlamaBatchHandle _batch;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly int _maxInputs;
    private readonly bool _normalize;
    private readonly bool _truncate;
    private readonly int _closingTokens;

    /// <summary>Creates the generator and its embedding context.</summary>
    /// <exception cref="LlamaException">The context could not be created.</exception>
    public LlamaEmbeddingGenerator(LlamaModel model, LlamaEmbeddingGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        MaxInputTokens = options?.MaxInputTokens ?? Math.Min(model.TrainContextLength, DefaultMaxInputTokens);
        int batchTokens = Math.Max(options?.BatchTokens ?? (IsEncoder(model) ? EncoderBatchTokens : DefaultBatchTokens), MaxInputTokens);
        _maxInputs = Math.Clamp(options?.MaxInputsPerBatch ?? 64, 1, 256);
        _normalize = options?.Normalize ?? true;
        _truncate = options?.TruncateInputs ?? false;
        // Tokens the tokenizer appends after the text (BERT's [SEP]): a truncated input keeps them.
        _closingTokens = Math.Max(0, model.Tokenize(string.Empty, addSpecial: true).Length - (model.AddsBosToken ? 1 : 0));
        QueryPrefix = model.Gguf.TryGetString(BertGgufConverter.QueryPrefixKey, out var query) ? query : null;
        DocumentPrefix = model.Gguf.TryGetString(BertGgufConverter.DocumentPrefixKey, out var document) ? document : null;
        _context = CreateContext(model, batchTokens, _maxInputs, options);
        Pooling = (LlamaPoolingType)NativeMethods.llama_pooling_type(_context.Handle);
        _batch = SafeLlamaBatchHandle.Create(_context.BatchSize);
        Metadata = new EmbeddingGeneratorMetadata("llama.cpp", new Uri("file://" + model.FilePath),
            options?.ModelId ?? Path.GetFileNameWithoutExtension(model.FilePath), model.EmbeddingSize);
    }

    /// <summary>The model this generator embeds with.</summary>
    public LlamaModel Model { get; }

    /// <summary>Provider, model id and <see cref="EmbeddingGeneratorMetadata.DefaultModelDimensions"/>.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>The pooling in effect.</summary>
    public LlamaPoolingType Pooling { get; }

    /// <summary>Most tokens of one input.</summary>
    public int MaxInputTokens { get; }

    /// <summary>Text the model wants before a search query (for example arctic-embed's "Represent this sentence for
    /// searching relevant passages: "), as recorded in the GGUF by <see cref="BertGgufConverter"/>; null when none.
    /// The generator does not add it: queries and documents look alike to <see cref="GenerateAsync"/>.</summary>
    public string? QueryPrefix { get; }

    /// <summary>Text the model wants before a document, as recorded in the GGUF; null when none.</summary>
    public string? DocumentPrefix { get; }

    /// <inheritdoc />
    /// <exception cref="LlamaException">An input is longer than <see cref="MaxInputTokens"/> (<see cref="LlamaStatus.ContextOverflow"/>).</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.Select((text, i) => Tokenize(text ?? throw new ArgumentException($"Input {i} is null.", nameof(values)), i)).ToArray();
        var vectors = new float[inputs.Length][];
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Longest first: each decode is filled with inputs of similar length, so few decodes carry a half-empty
            // batch (an encoder's attention spans the whole batch, so a full batch of similar inputs is the cheap one).
            var order = Enumerable.Range(0, inputs.Length).OrderByDescending(i => inputs[i].Length).ToArray();
            for (int start = 0; start < order.Length;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                start = DecodeBatch(inputs, order, start, vectors);
            }
        }
        finally
        {
            _turn.Release();
        }

        var created = DateTimeOffset.UtcNow;
        var modelId = options?.ModelId ?? Metadata.DefaultModelId;
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = modelId, CreatedAt = created }))
        {
            Usage = new UsageDetails { InputTokenCount = inputs.Sum(t => t.Length), TotalTokenCount = inputs.Sum(t => t.Length) },
        };
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType == typeof(LlamaModel) ? Model
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Frees the embedding context.</summary>
    public void Dispose()
    {
        _batch.Dispose();
        _context.Dispose();
        _turn.Dispose();
    }

    private int[] Tokenize(string text, int index)
    {
        var tokens = Model.Tokenize(text, addSpecial: true, parseSpecial: false);
        if (tokens.Length > MaxInputTokens && _truncate && MaxInputTokens > _closingTokens)
        {
            return [.. tokens.AsSpan(0, MaxInputTokens - _closingTokens), .. tokens.AsSpan(tokens.Length - _closingTokens)];
        }

        if (tokens.Length > MaxInputTokens)
        {
            throw new LlamaException(LlamaStatus.ContextOverflow,
                $"Input {index} has {tokens.Length} tokens; the embedding limit is {MaxInputTokens} tokens (MaxInputTokens).");
        }

        return tokens.Length > 0 ? tokens : [Math.Max(Model.BosToken, 0)];
    }

    /// <summary>Packs inputs <paramref name="order"/>[<paramref name="start"/>..] into one batch, decodes it and stores their vectors.</summary>
    private int DecodeBatch(int[][] inputs, int[] order, int start, float[][] vectors)
    {
        _context.ClearMemory();
        _batch.Clear();
        int end = start;
        while (end < order.Length && end - start < _maxInputs && _batch.Batch.n_tokens + inputs[order[end]].Length <= _batch.Capacity)
        {
            var tokens = inputs[order[end]];
            for (int p = 0; p < tokens.Length; p++)
            {
                // Every token is an output: pooling reads all of them (llama.cpp pools per sequence id).
                _batch.Add(tokens[p], p, end - start, wantLogits: true);
            }

            end++;
        }

        _context.Decode(_batch);
        for (int i = start; i < end; i++)
        {
            var vector = vectors[order[i]] = _context.GetSequenceEmbedding(i - start).ToArray();
            if (_normalize)
            {
                var norm = TensorPrimitives.Norm<float>(vector);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(vector, norm, vector);
                }
            }
        }

        return end;
    }

    private static bool IsEncoder(LlamaModel model) =>
        model.Gguf.GetArchValue("attention.causal") is { } causal && causal.TryGetBoolean(out var isCausal) && !isCausal;

    private static LlamaContext CreateContext(LlamaModel model, int batchTokens, int maxInputs, LlamaEmbeddingGeneratorOptions? options)
    {
        var contextOptions = new LlamaContextOptions
        {
            ContextSize = batchTokens,
            BatchSize = batchTokens,
            MaxSequences = maxInputs,
            UnifiedKvCache = true,
            Embeddings = true,
            Threads = options?.Threads,
            PoolingType = options?.Pooling,
        };
        var context = new LlamaContext(model, contextOptions);
        if (options?.Pooling is null && NativeMethods.llama_pooling_type(context.Handle) == (int)LlamaPoolingType.None)
        {
            // Decoder-only chat models state no pooling: average their token vectors.
            context.Dispose();
            contextOptions.PoolingType = LlamaPoolingType.Mean;
            context = new LlamaContext(model, contextOptions);
        }

        return context;
    }
}
