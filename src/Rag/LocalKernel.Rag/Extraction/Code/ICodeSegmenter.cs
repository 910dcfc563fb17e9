namespace LocalKernel.Rag;

/// <summary>
/// Splits the text of one source language at its declarations, for <see cref="SourceCodeExtractor"/>. The core library
/// carries no parser; LocalKernel.Rag.Code provides a Roslyn segmenter for C# and declaration rules for other languages.
/// </summary>
/// <remarks>Implementations are stateless and thread-safe.</remarks>
public interface ICodeSegmenter
{
    /// <summary>
    /// The declaration segments of <paramref name="source"/> (lines separated by '\n'), in order, covering every
    /// non-blank line exactly once; null when the text declares nothing the segmenter recognises (a script, a snippet),
    /// in which case the extractor falls back to blank-line runs.
    /// </summary>
    IReadOnlyList<CodeSegment>? Segment(string source);
}
