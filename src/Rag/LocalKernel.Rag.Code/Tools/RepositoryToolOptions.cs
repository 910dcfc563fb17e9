namespace LocalKernel.Rag.Code;

/// <summary>Limits of the repository tools. Null properties mean "use the default".</summary>
public sealed class RepositoryToolOptions
{
    /// <summary>Characters one tool result may hold; default 12,000 (about 3,000 tokens).</summary>
    public int? MaxOutputChars { get; set; }

    /// <summary>Lines <c>read_file</c> returns at most per call; default 300.</summary>
    public int? MaxReadLines { get; set; }

    /// <summary>Matches <c>grep</c> and <c>find_references</c> return at most; default 100.</summary>
    public int? MaxMatches { get; set; }

    /// <summary>Largest file the tools read; default <see cref="RepositorySandbox.DefaultMaxFileBytes"/>.</summary>
    public long? MaxFileBytes { get; set; }

    internal int MaxOutputCharsOrDefault => MaxOutputChars ?? 12_000;

    internal int MaxReadLinesOrDefault => MaxReadLines ?? 300;

    internal int MaxMatchesOrDefault => MaxMatches ?? 100;

    internal long MaxFileBytesOrDefault => MaxFileBytes ?? RepositorySandbox.DefaultMaxFileBytes;
}
