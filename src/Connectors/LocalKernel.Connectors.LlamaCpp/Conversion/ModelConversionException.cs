namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A model could not be converted to GGUF: the source is not an ONNX model, not a BERT encoder, or lacks a part
/// the GGUF needs. <see cref="Missing"/> names that part.
/// </summary>
public sealed class ModelConversionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, for a person.</param>
    /// <param name="missing">The missing or unusable part (for example <c>vocab.txt</c> or <c>layer 3 attention query weight</c>).</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelConversionException(string message, string missing, Exception? innerException = null)
        : base(message, innerException)
    {
        Missing = missing;
    }

    /// <summary>The part of the model that is missing or unusable.</summary>
    public string Missing { get; }
}
