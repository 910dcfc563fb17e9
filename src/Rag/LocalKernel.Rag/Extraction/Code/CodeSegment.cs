namespace LocalKernel.Rag;

/// <summary>One run of source lines that belongs to a single declaration (or to the file header).</summary>
/// <param name="FirstLine">1-based first line.</param>
/// <param name="LastLine">1-based last line (inclusive).</param>
/// <param name="HeadingPath">Namespace and enclosing declarations, outermost first (the breadcrumb).</param>
public sealed record CodeSegment(int FirstLine, int LastLine, IReadOnlyList<string> HeadingPath);
