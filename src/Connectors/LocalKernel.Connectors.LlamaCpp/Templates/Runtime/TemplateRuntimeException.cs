namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// An error while rendering, before it knows where it happened: the innermost node that sees it fills in
/// <see cref="Offset"/>, and <see cref="ChatTemplate"/> turns it into a <see cref="ChatTemplateException"/>.
/// </summary>
internal sealed class TemplateRuntimeException(
    string message,
    ChatTemplateErrorKind kind = ChatTemplateErrorKind.Runtime,
    Exception? innerException = null) : Exception(message, innerException)
{
    public ChatTemplateErrorKind Kind { get; } = kind;

    /// <summary>Gets or sets the offset in the original template source, or -1 while unknown.</summary>
    public int Offset { get; set; } = -1;
}
