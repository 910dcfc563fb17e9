namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>The exit codes of <c>kb</c>; documented in README.md, so scripts can tell failures apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Anything else that went wrong: bad configuration, an unreadable store, files that failed to ingest, nothing found to ingest.</summary>
    public const int Failure = 1;

    /// <summary>A model file is missing, unreadable or not a valid GGUF (the same code as <c>kb model inspect</c>).</summary>
    public const int BadModelFile = 2;

    /// <summary>A model or its context does not fit this machine's memory.</summary>
    public const int InsufficientMemory = 3;
}
