namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// Limits and security of the OpenAI-compatible endpoints. Null properties mean "use the default"; the defaults are
/// the safe ones (a key is only optional on a loopback address, bodies are bounded, the queue is bounded).
/// </summary>
public sealed class OpenAIServerOptions
{
    /// <summary>The API key clients must send (<c>Authorization: Bearer</c> or <c>x-api-key</c>); null for none, which
    /// <see cref="ServerBinding.Validate"/> only allows on a loopback address.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Paths that need no key (exact matches). Default: <c>/health</c> only.</summary>
    public IList<string> OpenPaths { get; } = ["/health"];

    /// <summary>Largest JSON request body in bytes; more is answered 413. Default 4 MiB.</summary>
    public long? MaxRequestBodyBytes { get; set; }

    /// <summary>Largest <c>max_tokens</c> a request may ask for (and the value used when it asks for none); more is
    /// answered 400. Default 2,048.</summary>
    public int? MaxTokensCap { get; set; }

    /// <summary>Requests generated at once (chat and embeddings); give the chat client's parallel sequences. Default 4.</summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>Requests waiting for a slot; one more is answered 429 with <c>Retry-After</c>. Default 128.</summary>
    public int? MaxQueuedRequests { get; set; }

    /// <summary>How long one request may take, waiting included; then it is cancelled (504 when nothing was sent yet).
    /// Default 5 minutes.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Seconds a client is told to wait (<c>Retry-After</c>) when the queue is full. Default 1.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Turns a failure of a model into the error a client should see (e.g. a prompt longer than the context: 400
    /// <c>context_length_exceeded</c>); null for "a server error". Lets the host map its connector's exceptions without
    /// this library knowing the connector.</summary>
    public Func<Exception, OpenAIRequestException?>? MapException { get; set; }

    internal long MaxRequestBodyBytesOrDefault => MaxRequestBodyBytes ?? 4 * 1024 * 1024;

    internal int MaxTokensCapOrDefault => MaxTokensCap ?? 2048;

    internal int MaxConcurrentRequestsOrDefault => Math.Max(1, MaxConcurrentRequests ?? 4);

    internal int MaxQueuedRequestsOrDefault => Math.Max(0, MaxQueuedRequests ?? 128);

    internal TimeSpan RequestTimeoutOrDefault => RequestTimeout ?? TimeSpan.FromMinutes(5);

    internal int RetryAfterSecondsOrDefault => Math.Max(1, RetryAfterSeconds ?? 1);
}
