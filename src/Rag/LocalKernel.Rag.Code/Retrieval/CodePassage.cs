namespace LocalKernel.Rag.Code;

/// <summary>A span of a repository file found by <see cref="CodeRetriever"/>.</summary>
/// <param name="Path">The file relative to the repository root, '/' separators.</param>
/// <param name="StartLine">1-based first line.</param>
/// <param name="EndLine">1-based last line.</param>
/// <param name="Breadcrumb">Namespace and enclosing declarations (or headings), e.g. "LocalKernel.Rag › CodeIndex".</param>
/// <param name="Text">The lines' text.</param>
/// <param name="Score">The fused ranking score, higher is better.</param>
public sealed record CodePassage(string Path, int StartLine, int EndLine, string Breadcrumb, string Text, double Score)
{
    /// <summary>"path:start-end".</summary>
    public string Location => StartLine == EndLine ? $"{Path}:{StartLine}" : $"{Path}:{StartLine}-{EndLine}";
}
