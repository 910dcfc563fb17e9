using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// What one step of <see cref="ToolCallParser"/> gives out, in output order: <see cref="TextContent"/> for text (adjacent
/// text joined) and <see cref="FunctionCallContent"/> for complete calls; plus warnings for calls that were broken and
/// became text.
/// </summary>
public sealed class ToolCallParseResult
{
    internal static ToolCallParseResult Empty { get; } = new([], []);

    internal ToolCallParseResult(IReadOnlyList<AIContent> contents, IReadOnlyList<ToolCallParseWarning> warnings)
    {
        Contents = contents;
        Warnings = warnings;
    }

    /// <summary>Text and calls, in the order they appeared.</summary>
    public IReadOnlyList<AIContent> Contents { get; }

    /// <summary>Broken calls reported as text in this step.</summary>
    public IReadOnlyList<ToolCallParseWarning> Warnings { get; }

    /// <summary>True when a call in this step was broken (see <see cref="Warnings"/>).</summary>
    public bool HasWarnings => Warnings.Count > 0;

    /// <summary>The text of this step (the <see cref="TextContent"/>s joined).</summary>
    public string Text => string.Concat(Contents.OfType<TextContent>().Select(t => t.Text));

    /// <summary>The calls of this step.</summary>
    public IEnumerable<FunctionCallContent> Calls => Contents.OfType<FunctionCallContent>();
}
