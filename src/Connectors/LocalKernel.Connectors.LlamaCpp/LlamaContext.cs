namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// One llama.cpp context over a <see cref="LlamaModel"/>: the KV cache and the compute buffers.
/// The low-level building block of the chat client and embedding generator; also used directly by
/// tests and benchmarks. Not thread-safe: one caller decodes at a time.
/// </summary>
internal sealed unsafe class LlamaContext : IDisposable
{
    private const int DefaultMaxContext = 4096;
    private readonly SafeLlamaContextHandle _handle;
    private readonly SafeLlamaBatchHandle _batch;
    private readonly IntPtr _memory;
    private readonly AdaptiveThreadCount? _adaptiveThreads;
    private readonly SafeGgmlThreadpoolHandle?[]? _threadpools;
    private readonly uint _poll;

    public LlamaContext(LlamaModel model, LlamaContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        var parameters = NativeMethods.llama_context_default_params();
        int contextSize = options?.ContextSize ?? Math.Min(model.TrainContextLength, DefaultMaxContext);
        int batchSize = Math.Min(options?.BatchSize ?? 512, contextSize);
        // No thread count given: adapt each decode to the cores other work leaves free (LlamaThreading). Given: fixed.
        bool adaptive = options?.Threads is null && options?.BatchThreads is null;
        int threads = options?.Threads ?? LlamaThreading.DefaultGenerationThreads;
        int batchThreads = options?.BatchThreads ?? options?.Threads ?? LlamaThreading.DefaultBatchThreads;
        if (adaptive)
        {
            _adaptiveThreads = new AdaptiveThreadCount(LlamaThreading.DefaultBatchThreads, CpuLoadMonitor.Shared);
            threads = batchThreads = _adaptiveThreads.Next();
        }

        parameters.n_ctx = (uint)contextSize;
        parameters.n_batch = (uint)batchSize;
        parameters.n_ubatch = (uint)batchSize;
        parameters.n_seq_max = (uint)(options?.MaxSequences ?? 1);
        parameters.n_threads = threads;
        parameters.n_threads_batch = batchThreads;
        parameters.embeddings = (byte)(options?.Embeddings == true ? 1 : 0);
        if (options?.Embeddings == true)
        {
            // With mean pooling, llama.cpp v0.5.0 aborts (GGML_ASSERT in ggml_mul_mat) when n_seq_max is not a power
            // of two; a larger n_seq_max costs nothing here, the batch still holds only the sequences it has.
            parameters.n_seq_max = System.Numerics.BitOperations.RoundUpToPowerOf2(parameters.n_seq_max);
        }

        parameters.kv_unified = (byte)(options?.UnifiedKvCache == true ? 1 : 0);
        if (options?.FlashAttention is { } flash)
        {
            parameters.flash_attn_type = flash;
        }

        if (options?.PoolingType is { } pooling)
        {
            parameters.pooling_type = (int)pooling;
        }

        CheckFits(model, contextSize);
        NativeLogBridge.TakeLastProblem();
        try
        {
            _handle = SafeLlamaContextHandle.Create(model.Handle, parameters);
        }
        catch (LlamaException e) when (NativeLogBridge.TakeLastProblem() is { } reason)
        {
            throw new LlamaException(e.Status, $"{e.Message} llama.cpp said: {reason}", e);
        }

        ContextSize = (int)NativeMethods.llama_n_ctx(_handle);
        BatchSize = (int)NativeMethods.llama_n_batch(_handle);
        Threads = threads;
        MaxThreads = Math.Max(_adaptiveThreads?.Max ?? 1, Math.Max(threads, batchThreads));
        if (options?.UseThreadpool ?? true)
        {
            // Persistent pools, polling off: without one ggml starts and joins its workers for every graph, and its
            // default pool polls (spins) between graphs on cores the application needs. One pool per thread count in
            // use, because ggml wakes every worker of a pool for each graph, even those the graph does not use.
            _poll = options?.ThreadpoolPoll ?? 0;
            _threadpools = new SafeGgmlThreadpoolHandle?[MaxThreads + 1];
            AttachThreadpool(threads == batchThreads ? threads : MaxThreads);
        }

        _memory = NativeMethods.llama_get_memory(_handle);
        _batch = SafeLlamaBatchHandle.Create(BatchSize);
    }

    public LlamaModel Model { get; }

    // The KV cache and compute buffers are allocated up front: refuse a context that cannot fit the RAM with the
    // planner's numbers and a size that does, instead of being killed by the OS later. GPU contexts are left to llama.cpp.
    private static void CheckFits(LlamaModel model, int contextSize)
    {
        if (LlamaBackend.Info?.HasGpu == true || SystemMemory.AvailableBytes is not { } available)
        {
            return;
        }

        var estimate = ModelMemoryEstimate.For(GgufModelSummary.FromFile(model.Gguf), contextSize);
        long needed = estimate.KvCacheBytes + estimate.ComputeBytes;
        if (needed > available)
        {
            int fits = LlamaMemoryPlanner.LargestContext(model.Gguf, available + estimate.WeightsBytes);
            throw new LlamaException(LlamaStatus.InsufficientMemory,
                $"A context of {contextSize} tokens needs about {needed / 1048576.0:F0} MiB (KV cache {estimate.KvCacheBytes / 1048576.0:F0} MiB, " +
                $"compute {estimate.ComputeBytes / 1048576.0:F0} MiB) but only {available / 1048576.0:F0} MiB are available. " +
                $"A context of {fits} tokens fits.");
        }
    }

    /// <summary>The context window llama.cpp actually allocated.</summary>
    public int ContextSize { get; }

    /// <summary>Most tokens per llama_decode call.</summary>
    public int BatchSize { get; }

    /// <summary>Threads of the last decode (adaptive contexts change it per decode; fixed ones never).</summary>
    public int Threads { get; private set; }

    /// <summary>The most threads a decode of this context can use.</summary>
    public int MaxThreads { get; }

    /// <summary>Whether the thread count follows the machine's load (no thread count was given).</summary>
    public bool AdaptiveThreads => _adaptiveThreads is not null;

    // Called before every llama_decode: llama_set_n_threads only stores the counts, ggml reads them per graph.
    private void ChooseThreads()
    {
        if (_adaptiveThreads?.Next() is { } next && next != Threads)
        {
            NativeMethods.llama_set_n_threads(_handle, next, next);
            if (_threadpools is not null)
            {
                AttachThreadpool(next);
            }

            Threads = next;
        }
    }

    private void AttachThreadpool(int threads)
    {
        var pool = _threadpools![threads] ??= SafeGgmlThreadpoolHandle.Create(threads, _poll);
        _handle.AttachThreadpool(pool);
    }

    internal SafeLlamaContextHandle Handle => _handle;

    /// <summary>
    /// Feeds <paramref name="tokens"/> of sequence <paramref name="sequenceId"/> starting at position
    /// <paramref name="startPosition"/>, in batches of <see cref="BatchSize"/>.
    /// </summary>
    /// <param name="tokens">The tokens to feed.</param>
    /// <param name="startPosition">Position of the first token in its sequence.</param>
    /// <param name="sequenceId">The sequence the tokens belong to.</param>
    /// <param name="outputs">Which tokens produce logits: only the last one, or every token (perplexity).
    /// With <see cref="DecodeOutputs.All"/> the tokens must fit one batch.</param>
    /// <exception cref="LlamaException">The context is full, or decoding failed.</exception>
    public void Decode(ReadOnlySpan<int> tokens, int startPosition, int sequenceId = 0, DecodeOutputs outputs = DecodeOutputs.Last)
    {
        if (tokens.IsEmpty)
        {
            return;
        }

        if (startPosition + tokens.Length > ContextSize)
        {
            throw new LlamaException(LlamaStatus.ContextOverflow,
                $"{startPosition + tokens.Length} tokens do not fit the context of {ContextSize} tokens.");
        }

        if (outputs == DecodeOutputs.All && tokens.Length > BatchSize)
        {
            throw new ArgumentException($"Logits for every token need the tokens in one batch ({tokens.Length} > {BatchSize}).", nameof(tokens));
        }

        for (int offset = 0; offset < tokens.Length; offset += BatchSize)
        {
            int count = Math.Min(BatchSize, tokens.Length - offset);
            _batch.Clear();
            for (int i = 0; i < count; i++)
            {
                bool isLast = offset + i == tokens.Length - 1;
                _batch.Add(tokens[offset + i], startPosition + offset + i, sequenceId, outputs == DecodeOutputs.All || isLast);
            }

            ChooseThreads();
            var error = LlamaException.FromDecodeResult(NativeMethods.llama_decode(_handle, _batch.Batch), count);
            if (error is not null)
            {
                throw error;
            }
        }
    }

    /// <summary>Decodes a batch built by the caller (the scheduler mixes several sequences in one batch).</summary>
    /// <exception cref="LlamaException">No KV slot, abort, invalid batch or a compute failure.</exception>
    public void Decode(SafeLlamaBatchHandle batch)
    {
        ChooseThreads();
        var error = LlamaException.FromDecodeResult(NativeMethods.llama_decode(_handle, batch.Batch), batch.Batch.n_tokens);
        if (error is not null)
        {
            throw error;
        }
    }

    /// <summary>Samples the token of output row <paramref name="batchIndex"/> with <paramref name="sampler"/> (which accepts it).</summary>
    public int Sample(SafeLlamaSamplerHandle sampler, int batchIndex) =>
        NativeMethods.llama_sampler_sample(sampler, _handle, batchIndex);

    /// <summary>The logits of output <paramref name="index"/> of the last batch (-1 = the last output).</summary>
    public ReadOnlySpan<float> GetLogits(int index = -1)
    {
        var logits = NativeMethods.llama_get_logits_ith(_handle, index);
        if (logits is null)
        {
            throw new InvalidOperationException($"No logits for output {index} of the last batch.");
        }

        return new ReadOnlySpan<float>(logits, Model.VocabSize);
    }

    /// <summary>The pooled embedding of a sequence of the last batch (needs <see cref="LlamaContextOptions.Embeddings"/> and pooling).</summary>
    public ReadOnlySpan<float> GetSequenceEmbedding(int sequenceId)
    {
        var embedding = NativeMethods.llama_get_embeddings_seq(_handle, sequenceId);
        if (embedding is null)
        {
            throw new InvalidOperationException($"No pooled embedding for sequence {sequenceId} of the last batch.");
        }

        return new ReadOnlySpan<float>(embedding, Model.EmbeddingSize);
    }

    // Models without a KV cache (BERT-like encoders) have no memory object: there is nothing to clear.

    /// <summary>Forgets every sequence in the KV cache.</summary>
    public void ClearMemory()
    {
        if (_memory != IntPtr.Zero)
        {
            NativeMethods.llama_memory_clear(_memory, true);
        }
    }

    /// <summary>Removes positions [<paramref name="from"/>, end) of a sequence from the KV cache.</summary>
    public void TruncateSequence(int sequenceId, int from)
    {
        if (_memory != IntPtr.Zero)
        {
            NativeMethods.llama_memory_seq_rm(_memory, sequenceId, from, -1);
        }
    }


    public void Dispose()
    {
        _batch.Dispose();
        _handle.Dispose();
        foreach (var pool in _threadpools ?? [])
        {
            pool?.Dispose(); // the context handle keeps its own reference until llama_free
        }
    }
}

/// <summary>Which tokens of a decoded batch produce logits.</summary>
internal enum DecodeOutputs
{
    /// <summary>Only the last token (generation).</summary>
    Last,

    /// <summary>Every token (perplexity, scoring).</summary>
    All,
}
