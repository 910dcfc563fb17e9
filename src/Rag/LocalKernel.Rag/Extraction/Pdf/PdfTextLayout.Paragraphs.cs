using System.Text;

namespace LocalKernel.Rag;

/// <summary>Paragraphs, tables and list items from the lines of one region.</summary>
internal static partial class PdfTextLayout
{
    private static IEnumerable<PdfTextBlock> Paragraphs(List<Fragment> region)
    {
        var lines = region.GroupBy(f => f.Line)
            .Select(g => g.OrderBy(f => f.Left).ToList())
            .OrderByDescending(l => l[0].Baseline)
            .ToList();
        var pitches = new List<double>();
        for (int i = 1; i < lines.Count; i++)
        {
            double pitch = lines[i - 1][0].Baseline - lines[i][0].Baseline;
            if (pitch > 0 && pitch < 2.5 * LineSize(lines[i]))
            {
                pitches.Add(pitch);
            }
        }

        pitches.Sort();
        double? typicalPitch = pitches.Count >= 2 ? pitches[pitches.Count / 2] : null;
        double? wrapPitch = typicalPitch is null ? null : SmallerRecurringPitch(pitches);
        double regionRight = region.Max(f => f.Right);
        var current = new List<List<Fragment>>();
        bool currentIsTable = false;
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            bool tableLine = GuttersAlign(lines, i, i - 1) || GuttersAlign(lines, i, i + 1);
            if (current.Count > 0 && (tableLine != currentIsTable || (!tableLine && StartsParagraph(lines[i - 1], line, typicalPitch, wrapPitch, regionRight))))
            {
                yield return Block(current, currentIsTable);
                current.Clear();
            }

            currentIsTable = tableLine;
            current.Add(line);
        }

        if (current.Count > 0)
        {
            yield return Block(current, currentIsTable);
        }
    }

    /// <summary>A pitch, from a region's sorted line pitches, that recurs (twice, within 3 %) and is at least a quarter
    /// smaller than the median: then most lines are one-line paragraphs (evenly spaced sentences, a list of short
    /// items), the median is the paragraph pitch, and this one is the pitch of the few wrapped paragraphs' lines.
    /// Null when there is none.</summary>
    private static double? SmallerRecurringPitch(List<double> sorted)
    {
        double median = sorted[sorted.Count / 2];
        for (int i = 1; i < sorted.Count && sorted[i - 1] * 1.25 <= median; i++)
        {
            // Under 40 % of the paragraph pitch is no line pitch (a superscript, a mark set apart).
            if (sorted[i] <= sorted[i - 1] * 1.03 && sorted[i - 1] >= 0.4 * median)
            {
                return sorted[i - 1];
            }
        }

        return null;
    }

    /// <summary>Two lines are rows of one table when a gap between fragments of one overlaps a gap of the other:
    /// columns share their gutters, while the odd wide gap of a loose text line falls anywhere. A line's gaps (from a
    /// fragment's right edge to the next one's left, fragments sorted by their left edge) are ordered and disjoint, so
    /// one merge-like pass over both lines finds an overlap: comparing every pair took a minute on two hostile lines of
    /// 40,000 strings each.</summary>
    private static bool GuttersAlign(List<List<Fragment>> lines, int a, int b)
    {
        if (b < 0 || b >= lines.Count || lines[a].Count < 2 || lines[b].Count < 2)
        {
            return false;
        }

        List<Fragment> first = lines[a], second = lines[b];
        int i = 1, k = 1;
        while (i < first.Count && k < second.Count)
        {
            double start1 = first[i - 1].Right, end1 = first[i].Left, start2 = second[k - 1].Right, end2 = second[k].Left;
            if (Math.Min(end1, end2) > Math.Max(start1, start2))
            {
                return true;
            }

            // The gap that ends first overlaps nothing further on in the other line.
            if (end1 <= end2)
            {
                i++;
            }
            else
            {
                k++;
            }
        }

        return false;
    }

    private static bool StartsWithBullet(string text) =>
        text.Length >= 2 && text[0] is '•' or '◦' or '▪' or '▫' or '‣' or '∙' or '●' or '○' or '■' or '□' or '–' or '-' or '*' or '\uF0B7'
        && char.IsWhiteSpace(text[1]);

    private static bool StartsParagraph(List<Fragment> previous, List<Fragment> line, double? typicalPitch, double? wrapPitch, double regionRight)
    {
        double previousSize = LineSize(previous), size = LineSize(line);
        if (Math.Abs(previousSize - size) > 0.2 * Math.Max(previousSize, size))
        {
            return true;
        }

        if (StartsWithBullet(ReadingOrder(line).First().Text))
        {
            return true;
        }

        // A line set wholly in bold above regular text is a run-in heading ("1. Introduction").
        if (IsBoldLine(previous) != IsBoldLine(line))
        {
            return true;
        }

        // A contents entry ends at its page number: entries set at the line pitch were one paragraph per page.
        if (EndsAsContentsEntry(previous))
        {
            return true;
        }

        double pitch = previous[0].Baseline - line[0].Baseline;
        if (typicalPitch is double typical ? pitch > Math.Max(1.3 * typical, typical + (0.5 * size)) : pitch > 1.7 * size)
        {
            return true;
        }

        // Thai, Khmer or CJK on both sides would be joined without a space, gluing two sentences into one word: there a
        // pitch clearly wider than the wrapped lines' ends the paragraph even when it is the region's usual one. (Other
        // text keeps the usual rule; a merged paragraph there costs no words, and headings of mixed sizes split wrongly.)
        char previousEnd = previous[^1].Text is { Length: > 0 } end ? end[^1] : ' ';
        if (wrapPitch is double wrap && pitch > 1.2 * wrap && ContinuesWithoutSpace(previousEnd, ReadingOrder(line).First().Text))
        {
            return true;
        }

        // Evenly spaced one-line paragraphs look like wide leading; a short or sentence-ending line before a wide gap ends one.
        string last = previous[^1].Text;
        bool shortLine = previous[^1].Right < regionRight - (3 * size);
        bool sentenceEnd = last.Length > 0 && last[^1] is '.' or '!' or '?' or ':' or ';';
        return pitch > 1.45 * size && (shortLine || sentenceEnd);
    }

    /// <summary>A line's fragments (sorted left to right) in the order they are read: right to left when most of its
    /// text is.</summary>
    private static IEnumerable<Fragment> ReadingOrder(List<Fragment> line) => ReadsRightToLeft(line) ? Enumerable.Reverse(line) : line;

    private static bool ReadsRightToLeft(List<Fragment> line) =>
        line.Where(f => f.RightToLeft).Sum(f => f.Text.Length) * 2 > line.Sum(f => f.Text.Length);

    private static bool ContinuesWithoutSpace(char last, string next) => next.Length > 0 && WrittenWithoutSpaces(last) && WrittenWithoutSpaces(next[0]);

    /// <summary>Whether <paramref name="c"/> belongs to a script written without spaces between words (Thai, Lao,
    /// Tibetan, Khmer, Chinese and Japanese) or is the zero-width space such text breaks at: a line that ends and a
    /// line that begins in one continue the same word, and a space joining them would split it. Not Myanmar: Burmese
    /// text puts spaces between phrases and breaks lines there (measured: Firefox's Burmese sentences printed by
    /// Chromium read worse joined).</summary>
    private static bool WrittenWithoutSpaces(char c) =>
        c is (>= '\u0E00' and <= '\u0FFF') or (>= '\u1780' and <= '\u17FF') or '\u200B'
            or (>= '\u3000' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF')
            or (>= '\uFF00' and <= '\uFFEF');

    /// <summary>Whether a line ends the way a contents or index entry does: leader dots, then a page number (arabic or
    /// lower-case roman), as in "1.2 Obtaining this document . . . . . 1" (the number may be a fragment of its own).</summary>
    private static bool EndsAsContentsEntry(List<Fragment> line)
    {
        bool rightToLeft = ReadsRightToLeft(line);
        Fragment last = rightToLeft ? line[0] : line[^1];
        var text = last.Text.AsSpan().TrimEnd();
        int number = text.Length;
        while (number > 0 && (char.IsAsciiDigit(text[number - 1]) || text[number - 1] is 'i' or 'v' or 'x' or 'l' or 'c'))
        {
            number--;
        }

        if (number == text.Length || text.Length - number > 6)
        {
            return false;
        }

        // The leader ends this fragment, or the one before when the number is a fragment of its own.
        if (text[..number].IsWhiteSpace())
        {
            if (line.Count < 2)
            {
                return false;
            }

            text = (rightToLeft ? line[1] : line[^2]).Text.AsSpan();
            number = text.Length;
        }

        var leader = text[..number].TrimEnd();
        int dots = 0;
        for (int i = leader.Length - 1; i >= 0 && leader[i] is '.' or ' '; i--)
        {
            dots += leader[i] == '.' ? 1 : 0;
        }

        return dots >= 3;
    }

    /// <summary>A sorted list set in columns (DocBook's vertical simplelist: contributors' names, A to M down the left
    /// column, M to Z down the right) looks like a table, but its rows mean nothing: each column is read to its end
    /// first. Seen from the order: every column is sorted top to bottom and continues the one before it, while the rows
    /// are not sorted. Null (a real table, read row by row) otherwise.</summary>
    private static string? ReadDownColumns(List<List<Fragment>> lines)
    {
        int columns = lines[0].Count;
        if (lines.Count < 4 || columns < 2 || lines.Take(lines.Count - 1).Any(l => l.Count != columns) || lines[^1].Count > columns)
        {
            return null;
        }

        var byColumn = new List<string>();
        for (int c = 0; c < columns; c++)
        {
            byColumn.AddRange(lines.Where(l => c < l.Count).Select(l => l[c].Text));
        }

        var byRow = lines.SelectMany(l => l.Select(f => f.Text)).ToList();
        if (SortedShare(byColumn) < 0.95 || SortedShare(byRow) > 0.75)
        {
            return null;
        }

        return string.Join('\n', byColumn);
    }

    /// <summary>The share of neighbours in ascending order (ordinal, ignoring case: no culture is needed to see it).</summary>
    private static double SortedShare(List<string> items)
    {
        int ascending = 0;
        for (int i = 1; i < items.Count; i++)
        {
            ascending += StringComparer.OrdinalIgnoreCase.Compare(items[i - 1], items[i]) <= 0 ? 1 : 0;
        }

        return (double)ascending / Math.Max(1, items.Count - 1);
    }

    private static bool IsBoldLine(List<Fragment> line) => line.Count == 1 && line[0].Bold;

    private static PdfTextBlock Block(List<List<Fragment>> lines, bool table)
    {
        var sizes = lines.Select(LineSize).Order().ToList();
        if (table && ReadDownColumns(lines) is { } list)
        {
            return new PdfTextBlock(list, sizes[sizes.Count / 2], lines.Count, false, BlockKind.Paragraph);
        }

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (table)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.AppendJoin(" | ", ReadingOrder(line).Select(f => f.Text));
                continue;
            }

            string lineText = string.Join(" ", ReadingOrder(line).Select(f => f.Text));
            if (text.Length > 1 && text[^1] == '-' && char.IsLetter(text[^2]) && lineText.Length > 0 && char.IsLower(lineText[0]))
            {
                text.Length--; // "sched-" + "ule": a word hyphenated at the line end is one word
            }
            else if (text.Length > 0 && text[^1] != '-' && !ContinuesWithoutSpace(text[^1], lineText))
            {
                text.Append(' ');
            }

            text.Append(lineText);
        }

        bool bold = lines.All(IsBoldLine);
        string value = text.ToString();
        var kind = table ? BlockKind.Table : BlockKind.Paragraph;
        if (!table && StartsWithBullet(value))
        {
            kind = BlockKind.ListItem;
            value = value[2..].TrimStart();
        }

        return new PdfTextBlock(value, sizes[sizes.Count / 2], lines.Count, bold, kind);
    }
}
