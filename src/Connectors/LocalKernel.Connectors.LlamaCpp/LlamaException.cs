namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A failure reported by llama.cpp, with the <see cref="LlamaStatus"/> that names it.</summary>
public class LlamaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LlamaException(LlamaStatus status, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>What went wrong.</summary>
    public LlamaStatus Status { get; }

    /// <summary>Maps a <c>llama_decode</c> return code to an exception (null for success).</summary>
    internal static LlamaException? FromDecodeResult(int code, int batchTokens) => code switch
    {
        0 => null,
        1 => new LlamaException(LlamaStatus.NoKvSlot,
            $"llama_decode found no KV-cache slot for a batch of {batchTokens} tokens: the context is full."),
        2 => new LlamaException(LlamaStatus.Aborted, "llama_decode was aborted."),
        -1 => new LlamaException(LlamaStatus.InvalidBatch, $"llama_decode rejected the batch of {batchTokens} tokens as invalid."),
        _ => new LlamaException(LlamaStatus.DecodeFailed, $"llama_decode failed with code {code}."),
    };
}
