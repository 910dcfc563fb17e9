namespace LocalKernel.Rag.Code;

/// <summary>A path or file that the repository tools refuse: outside the root, through a link that leaves it, not a
/// regular file, too large, binary, or missing. The message says which and why, and is safe to show a model.</summary>
public sealed class RepositoryAccessException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RepositoryAccessException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public RepositoryAccessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RepositoryAccessException()
    {
    }
}
