namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>How an inference context is created. Null properties mean "use the default".</summary>
public sealed class LlamaContextOptions
{
    /// <summary>Context window in tokens, shared by all sequences. Default: the model's training context, at most 4096.</summary>
    public int? ContextSize { get; set; }

    /// <summary>Most tokens submitted to one llama_decode call. Default 512.</summary>
    public int? BatchSize { get; set; }

    /// <summary>Threads for generation and, unless <see cref="BatchThreads"/> is set, prompt processing; fixed. Default (with
    /// <see cref="BatchThreads"/> also null): adaptive, per decode, as many as other work leaves free, up to
    /// <see cref="LlamaThreading.PhysicalCoreCount"/> (see <see cref="LlamaThreading"/>).</summary>
    public int? Threads { get; set; }

    /// <summary>Threads for prompt processing and embeddings; fixed. Default: <see cref="Threads"/> when set, else adaptive
    /// (see <see cref="Threads"/>); when only this is set, generation uses <see cref="LlamaThreading.DefaultGenerationThreads"/>.</summary>
    public int? BatchThreads { get; set; }

    /// <summary>Number of independent sequences decoded together. Default 1.</summary>
    public int? MaxSequences { get; set; }

    /// <summary>One KV buffer shared by all sequences (llama-server's default with several slots). Default false.</summary>
    public bool? UnifiedKvCache { get; set; }

    /// <summary>How token embeddings are pooled into one vector per sequence. Default: the model's own.</summary>
    public LlamaPoolingType? PoolingType { get; set; }

    /// <summary>Produce embeddings instead of (as well as) logits. Default false.</summary>
    public bool? Embeddings { get; set; }

    /// <summary>Benchmarks only: run the decodes on a persistent ggml threadpool (default) or let ggml start threads per graph.</summary>
    internal bool? UseThreadpool { get; set; }

    /// <summary>Benchmarks only: ggml's polling level of the threadpool, 0 (default: sleep when idle) to 100.</summary>
    internal uint? ThreadpoolPoll { get; set; }

    /// <summary>Benchmarks only: llama.cpp's flash-attention setting (-1 auto, the default; 0 off; 1 on).</summary>
    internal int? FlashAttention { get; set; }
}
