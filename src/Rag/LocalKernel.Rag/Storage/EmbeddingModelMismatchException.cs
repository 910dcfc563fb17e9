namespace LocalKernel.Rag;

/// <summary>
/// An index was opened or written with a different embedding model than the one whose vectors it holds.
/// Mixing models would make similarities meaningless, so the operation is refused and the index is left as it was.
/// </summary>
public sealed class EmbeddingModelMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="storedModel">The model the index records.</param>
    /// <param name="requestedModel">The model that was offered; null when vectors were missing.</param>
    /// <param name="message">What was refused and how to fix it.</param>
    public EmbeddingModelMismatchException(EmbeddingModelInfo? storedModel, EmbeddingModelInfo? requestedModel, string message)
        : base(message)
    {
        StoredModel = storedModel;
        RequestedModel = requestedModel;
    }

    /// <summary>The model the index records; null when the index holds no vectors.</summary>
    public EmbeddingModelInfo? StoredModel { get; }

    /// <summary>The model that was offered; null when the caller supplied none.</summary>
    public EmbeddingModelInfo? RequestedModel { get; }
}
