namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>How a <see cref="LlamaChatClient"/> serves requests. Null properties mean "use the default".</summary>
public sealed class LlamaChatClientOptions
{
    /// <summary>Most tokens of one conversation turn, prompt and answer together. Default: the model's training
    /// context, at most 4096.</summary>
    public int? ContextSize { get; set; }

    /// <summary>Requests generated at the same time (each has its own sequence in one shared KV cache); more wait
    /// in a FIFO queue. Default 4 (llama-server's default).</summary>
    public int? ParallelRequests { get; set; }

    /// <summary>Most tokens per llama_decode call. Default 512.</summary>
    public int? BatchSize { get; set; }

    /// <summary>CPU threads for generation and prompt processing, fixed. Default: adaptive, per decode, as many as other
    /// work leaves free, up to the physical cores (see <see cref="LlamaThreading"/>).</summary>
    public int? Threads { get; set; }

    /// <summary>When a conversation does not fit the context, drop its oldest turns (the system message is kept)
    /// instead of throwing. Default false.</summary>
    public bool? TrimHistoryToFit { get; set; }

    /// <summary>
    /// Speculative decoding by prompt lookup for greedy requests (temperature 0, no grammar, no penalties): tokens that
    /// follow an earlier occurrence of the last few tokens are drafted and verified in the same decode, so output that
    /// copies from the prompt (code, quotes) is generated several tokens per step. The output is token-identical to
    /// plain greedy decoding. Other requests are unaffected. Default false.
    /// </summary>
    public bool? PromptLookupDecoding { get; set; }

    /// <summary>The model id reported in responses and metadata. Default: the model file's name.</summary>
    public string? ModelId { get; set; }

    /// <summary>The most characters a tool call's string argument may have when its schema sets no <c>maxLength</c>
    /// (the call grammar enforces it, so a forced call always ends). Default
    /// <see cref="ToolCallGrammar.DefaultMaxStringLength"/>.</summary>
    public int? MaxToolArgumentStringLength { get; set; }

    /// <summary>Benchmarks and tests: shortest time between two hand-overs of streamed text (default 8 ms; zero = every token).</summary>
    internal TimeSpan? TextHandOverInterval { get; set; }
}
