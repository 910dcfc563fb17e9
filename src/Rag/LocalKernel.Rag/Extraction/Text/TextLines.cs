namespace LocalKernel.Rag;

/// <summary>Line splitting shared by the text-like extractors (CRLF, LF and lone CR all end a line).</summary>
internal static class TextLines
{
    /// <summary>The lines of <paramref name="text"/> without their terminators; a final terminator adds no empty line.</summary>
    public static List<string> Split(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\n' or '\r')
            {
                lines.Add(text[start..i]);
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    /// <summary>Runs of non-blank lines as (first index, last index), 0-based.</summary>
    public static IEnumerable<(int First, int Last)> NonBlankRuns(IReadOnlyList<string> lines)
    {
        int first = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            bool blank = string.IsNullOrWhiteSpace(lines[i]);
            if (!blank && first < 0)
            {
                first = i;
            }
            else if (blank && first >= 0)
            {
                yield return (first, i - 1);
                first = -1;
            }
        }

        if (first >= 0)
        {
            yield return (first, lines.Count - 1);
        }
    }

    /// <summary>Lines <paramref name="first"/>..<paramref name="last"/> joined by '\n', trailing whitespace removed.</summary>
    public static string Join(IReadOnlyList<string> lines, int first, int last)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = first; i <= last; i++)
        {
            if (i > first)
            {
                sb.Append('\n');
            }

            sb.Append(lines[i].AsSpan().TrimEnd());
        }

        return sb.ToString();
    }
}
