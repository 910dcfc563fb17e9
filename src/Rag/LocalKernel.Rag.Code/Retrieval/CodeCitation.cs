using System.Text.Json.Serialization;

namespace LocalKernel.Rag.Code;

/// <summary>A place in the repository an answer points at: <c>path:startLine-endLine</c>.</summary>
/// <param name="Path">The file relative to the repository root, '/' separators.</param>
/// <param name="StartLine">1-based first line.</param>
/// <param name="EndLine">1-based last line.</param>
public sealed record CodeCitation(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("startLine")] int StartLine,
    [property: JsonPropertyName("endLine")] int EndLine)
{
    /// <inheritdoc />
    public override string ToString() => StartLine == EndLine ? $"{Path}:{StartLine}" : $"{Path}:{StartLine}-{EndLine}";
}
