namespace LocalKernel.Rag;

/// <summary>How an <see cref="Answer"/> was produced.</summary>
public enum AnswerKind
{
    /// <summary>Written by the chat model from the numbered sources.</summary>
    Generated,

    /// <summary>No chat model: the most relevant sentences of the sources, each with its citation.</summary>
    Extractive,

    /// <summary>Nothing relevant was retrieved: the answer says the documents do not contain it, and no model was called.</summary>
    NotFound,
}
