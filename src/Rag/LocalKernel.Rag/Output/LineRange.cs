using System.Text.Json.Serialization;

namespace LocalKernel.Rag;

/// <summary>Source lines of a passage, first to last (1-based).</summary>
/// <param name="Start">The first line.</param>
/// <param name="End">The last line.</param>
public sealed record LineRange(
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End)
{
    internal static LineRange? Of(RetrievedPassage passage) =>
        passage.LineStart is { } start ? new LineRange(start, passage.LineEnd ?? start) : null;
}
