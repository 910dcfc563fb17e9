namespace LocalKernel.Rag;

/// <summary>
/// One structural piece of an extracted document, with where it came from. Extractors emit blocks in
/// reading order; the chunker groups them into chunks.
/// </summary>
/// <param name="Kind">Heading, paragraph, list item, table or code.</param>
/// <param name="Text">The block's text (tables: one row per line, cells joined by " | ").</param>
/// <param name="HeadingPath">The headings above this block, outermost first (the breadcrumb); for a
/// heading, the headings above it, not itself.</param>
/// <param name="HeadingLevel">For headings, 1 for the outermost level; null otherwise.</param>
/// <param name="Page">1-based page (PDF); null when the format has no pages.</param>
/// <param name="StartLine">1-based first line in the source (text, Markdown, code); null when unknown.</param>
/// <param name="EndLine">1-based last line in the source; null when unknown.</param>
public sealed record DocumentBlock(
    BlockKind Kind,
    string Text,
    IReadOnlyList<string> HeadingPath,
    int? HeadingLevel = null,
    int? Page = null,
    int? StartLine = null,
    int? EndLine = null);
