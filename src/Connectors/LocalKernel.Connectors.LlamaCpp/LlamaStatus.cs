namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>What went wrong in a call into llama.cpp; carried by <see cref="LlamaException"/>.</summary>
public enum LlamaStatus
{
    /// <summary>The native libraries could not be found or loaded.</summary>
    NativeLibraryNotFound,

    /// <summary>The libraries loaded but no compute backend registered.</summary>
    NoBackend,

    /// <summary>llama.cpp refused the model file.</summary>
    ModelLoadFailed,

    /// <summary>A context (KV cache and compute buffers) could not be created.</summary>
    ContextCreationFailed,

    /// <summary>A sampler could not be created (e.g. a grammar failed to parse).</summary>
    SamplerCreationFailed,

    /// <summary><c>llama_decode</c> returned 1: no KV-cache slot for the batch (context full).</summary>
    NoKvSlot,

    /// <summary><c>llama_decode</c> returned 2: aborted by the abort callback.</summary>
    Aborted,

    /// <summary><c>llama_decode</c> returned -1: the batch was invalid.</summary>
    InvalidBatch,

    /// <summary><c>llama_decode</c> returned another negative value: a fatal compute error.</summary>
    DecodeFailed,

    /// <summary>Text could not be tokenized (e.g. more tokens than int32 can count).</summary>
    TokenizationFailed,

    /// <summary>The input does not fit the context window.</summary>
    ContextOverflow,

    /// <summary>The planner found that the model or its context cannot fit the machine's memory.</summary>
    InsufficientMemory,

    /// <summary><c>llama_model_quantize</c> failed.</summary>
    QuantizationFailed,
}
