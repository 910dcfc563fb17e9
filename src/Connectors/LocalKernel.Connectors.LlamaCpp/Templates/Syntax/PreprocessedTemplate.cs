namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Template text after the whitespace rules, with the original offset of each character (and of its end).</summary>
internal sealed class PreprocessedTemplate(string text, int[] originalOffsets)
{
    public string Text { get; } = text;

    public int OriginalOffset(int index) => originalOffsets[Math.Clamp(index, 0, Text.Length)];
}
