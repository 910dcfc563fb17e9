namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A chat template could not be parsed or rendered. <see cref="Kind"/> says why; <see cref="Line"/> and
/// <see cref="Column"/> point at the place in the template source where it happened.
/// </summary>
public sealed class ChatTemplateException : Exception
{
    /// <summary>Creates an exception for a runtime error at an unknown place.</summary>
    /// <param name="message">What went wrong.</param>
    public ChatTemplateException(string message)
        : this(ChatTemplateErrorKind.Runtime, message, 0, 0)
    {
    }

    /// <summary>Creates an exception for an error at a known place.</summary>
    /// <param name="kind">Why the template failed.</param>
    /// <param name="reason">What went wrong, without the position.</param>
    /// <param name="line">The 1-based line in the template source, or 0 when unknown.</param>
    /// <param name="column">The 1-based column in the template source, or 0 when unknown.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ChatTemplateException(ChatTemplateErrorKind kind, string reason, int line, int column, Exception? innerException = null)
        : base(line > 0 ? $"{reason} (line {line}, column {column})" : reason, innerException)
    {
        Kind = kind;
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>Gets why the template failed.</summary>
    public ChatTemplateErrorKind Kind { get; }

    /// <summary>
    /// Gets what went wrong, without the position. For <see cref="ChatTemplateErrorKind.RaisedByTemplate"/> this is
    /// exactly the text the template passed to <c>raise_exception</c>.
    /// </summary>
    public string Reason { get; }

    /// <summary>Gets the 1-based line in the template source, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column in the template source, or 0 when unknown.</summary>
    public int Column { get; }
}
