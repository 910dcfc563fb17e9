namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Thrown when a file is not a well-formed GGUF file, or is one that llama.cpp must not be given: the managed
/// reader validates every model before any native call, because llama.cpp can abort the process on some
/// malformed files.
/// </summary>
/// <remarks>The message names the problem and the byte offset; <see cref="Offset"/> holds the offset too.</remarks>
public sealed class GgufFormatException : Exception
{
    /// <summary>Initializes a new instance with a message that names the problem and where it was found.</summary>
    /// <param name="message">What is wrong, including the offset in words.</param>
    /// <param name="offset">Byte offset in the file where the problem was found.</param>
    public GgufFormatException(string message, long offset)
        : base(message)
    {
        Offset = offset;
    }

    /// <summary>Initializes a new instance that wraps the exception that revealed the problem.</summary>
    /// <param name="message">What is wrong, including the offset in words.</param>
    /// <param name="offset">Byte offset in the file where the problem was found.</param>
    /// <param name="innerException">The exception that revealed the problem.</param>
    public GgufFormatException(string message, long offset, Exception innerException)
        : base(message, innerException)
    {
        Offset = offset;
    }

    /// <summary>Gets the byte offset in the file where the problem was found.</summary>
    public long Offset { get; }
}
