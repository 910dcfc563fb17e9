namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The original template text, able to turn an offset into the 1-based line and column an author sees.</summary>
internal sealed class TemplateSourceText
{
    private readonly int[] _lineStarts;

    public TemplateSourceText(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public string Text { get; }

    public (int Line, int Column) GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    public ChatTemplateException Error(ChatTemplateErrorKind kind, string reason, int offset, Exception? inner = null)
    {
        if (offset < 0)
        {
            return new ChatTemplateException(kind, reason, 0, 0, inner);
        }

        var (line, column) = GetPosition(offset);
        return new ChatTemplateException(kind, reason, line, column, inner);
    }
}
