namespace LocalKernel.Rag;

/// <summary>A file could not be extracted; <see cref="Reason"/> says why in a form a program can act on.</summary>
public sealed class DocumentExtractionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DocumentExtractionException(ExtractionFailure reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the extraction failed.</summary>
    public ExtractionFailure Reason { get; }
}

/// <summary>Why a file could not be extracted.</summary>
public enum ExtractionFailure
{
    /// <summary>No extractor handles this file type.</summary>
    UnsupportedType,

    /// <summary>The file is empty.</summary>
    Empty,

    /// <summary>The file is binary although its name says text.</summary>
    Binary,

    /// <summary>The file is damaged or not of the format its name says.</summary>
    Malformed,

    /// <summary>The file is encrypted or password-protected.</summary>
    Encrypted,

    /// <summary>The file or one of its parts is over a configured limit.</summary>
    TooLarge,
}
