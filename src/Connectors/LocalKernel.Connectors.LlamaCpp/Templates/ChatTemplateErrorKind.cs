namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Why a chat template could not be parsed or rendered.</summary>
public enum ChatTemplateErrorKind
{
    /// <summary>The template text is not valid Jinja (or uses syntax this engine does not support).</summary>
    Syntax,

    /// <summary>Rendering failed: an unknown filter, an operation on incompatible values, a call of a non-function, ...</summary>
    Runtime,

    /// <summary>The template called <c>raise_exception(message)</c>, usually to reject the conversation it was given.</summary>
    RaisedByTemplate,

    /// <summary>Rendering exceeded a safety limit: output size, recursion depth or the amount of work.</summary>
    LimitExceeded,
}
