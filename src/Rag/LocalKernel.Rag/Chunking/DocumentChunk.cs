namespace LocalKernel.Rag;

/// <summary>A piece of a document sized for embedding and retrieval, with where it came from.</summary>
/// <param name="Index">0-based position of the chunk in its document.</param>
/// <param name="Text">The chunk's text as embedded and indexed (without the breadcrumb).</param>
/// <param name="HeadingPath">The headings above the chunk, outermost first.</param>
/// <param name="TokenCount">Tokens of <see cref="Text"/> by the chunker's token counter.</param>
/// <param name="PageStart">First page (PDF), else null.</param>
/// <param name="PageEnd">Last page (PDF), else null.</param>
/// <param name="LineStart">First source line, else null.</param>
/// <param name="LineEnd">Last source line, else null.</param>
public sealed record DocumentChunk(
    int Index,
    string Text,
    IReadOnlyList<string> HeadingPath,
    int TokenCount,
    int? PageStart = null,
    int? PageEnd = null,
    int? LineStart = null,
    int? LineEnd = null)
{
    /// <summary>The breadcrumb, e.g. "Install › GPU": shown with citations and prepended when embedding.</summary>
    public string Breadcrumb => string.Join(" › ", HeadingPath);
}
