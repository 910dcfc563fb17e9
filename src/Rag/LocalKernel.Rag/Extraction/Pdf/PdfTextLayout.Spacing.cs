namespace LocalKernel.Rag;

/// <summary>Wide gaps that are not gutters between cells: runs of spaces in monospaced text, and the leader dots of a
/// table of contents.</summary>
internal static partial class PdfTextLayout
{
    private const int MinMonospacedGlyphs = 8;
    private const double SameAdvance = 0.02;  // of the advance: glyphs this close in width have the same width
    private const double GridSlack = 0.15;    // of the advance: a gap this close to whole advances is spaces
    private const int MinLeaderDots = 3;

    /// <summary>The advance every glyph of the line shares when it is set in a monospaced font, else null. Code
    /// listings (Doxygen's numbered sources, a manual's examples) align with runs of spaces that are wider than the
    /// fragment gap: cut there, a listing read as a table ("00121 | // Note: | at this level"). At least nine in ten
    /// visible glyphs must share the advance and they must include three different non-digits, since a proportional
    /// font's digits alone are of one width (tabular figures).</summary>
    private static double? MonospacedAdvance(List<Positioned> line)
    {
        if (line.Count < MinMonospacedGlyphs)
        {
            return null;
        }

        var counts = new Dictionary<long, int>();
        int visible = 0;
        foreach (var g in line)
        {
            if (!string.IsNullOrWhiteSpace(g.Text) && g.EndX > g.X)
            {
                visible++;
                long key = (long)Math.Round((g.EndX - g.X) * 100);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        if (visible < MinMonospacedGlyphs)
        {
            return null;
        }

        var (mode, count) = counts.MaxBy(p => p.Value);
        double advance = mode / 100.0;
        if (count * 10 < visible * 9)
        {
            return null;
        }

        var nonDigits = new HashSet<string>();
        foreach (var g in line)
        {
            if (nonDigits.Count < 3 && g.Text.Length > 0 && !char.IsDigit(g.Text[0]) && !string.IsNullOrWhiteSpace(g.Text)
                && Math.Abs(g.EndX - g.X - advance) <= SameAdvance * advance)
            {
                nonDigits.Add(g.Text);
            }
        }

        return nonDigits.Count >= 3 ? advance : null;
    }

    /// <summary>Whether the gap before <paramref name="next"/> is a run of spaces of a monospaced line: the glyph
    /// starts a whole number of advances after the glyph before it.</summary>
    private static bool IsSpaceRun(double? advance, Positioned previous, Positioned next)
    {
        if (advance is not double a || Math.Abs(previous.EndX - previous.X - a) > SameAdvance * a)
        {
            return false;
        }

        double cells = (next.X - previous.X) / a;
        return cells >= 1.5 && Math.Abs(cells - Math.Round(cells)) <= GridSlack;
    }

    /// <summary>Joins the fragments of line <paramref name="lineNumber"/> that a table of contents' leader dots hold
    /// apart ("4.3 plist", ". . . . .", "154"): a title, its dots and its page are one entry, not three cells. One pass
    /// with one builder per entry, so a hostile line of a hundred thousand dotted fragments stays linear.</summary>
    private static void MergeLeaders(List<Fragment> fragments, int lineNumber)
    {
        int first = fragments.Count;
        while (first > 0 && fragments[first - 1].Line == lineNumber)
        {
            first--;
        }

        int kept = first;
        for (int i = first; i < fragments.Count;)
        {
            int end = i + 1;
            while (end < fragments.Count && (EndsWithLeader(fragments[end - 1].Text) || StartsWithLeader(fragments[end].Text)))
            {
                end++;
            }

            fragments[kept++] = end == i + 1 ? fragments[i] : Joined(fragments, i, end);
            i = end;
        }

        fragments.RemoveRange(kept, fragments.Count - kept);
    }

    private static Fragment Joined(List<Fragment> fragments, int start, int end)
    {
        var text = new System.Text.StringBuilder(fragments[start].Text);
        var joined = fragments[start];
        double left = joined.Left, right = joined.Right, size = joined.Size;
        bool bold = joined.Bold, rightToLeft = joined.RightToLeft;
        for (int i = start + 1; i < end; i++)
        {
            var f = fragments[i];
            text.Append(' ').Append(f.Text);
            (left, right, size) = (Math.Min(left, f.Left), Math.Max(right, f.Right), Math.Max(size, f.Size));
            bold &= f.Bold;
            rightToLeft &= f.RightToLeft;
        }

        return new Fragment
        {
            Text = text.ToString(),
            Left = left,
            Right = right,
            Baseline = joined.Baseline,
            Size = size,
            Line = joined.Line,
            Bold = bold,
            RightToLeft = rightToLeft,
        };
    }

    private static bool StartsWithLeader(string text) => LeaderDots(text, 0, 1) >= MinLeaderDots;

    private static bool EndsWithLeader(string text) => LeaderDots(text, text.Length - 1, -1) >= MinLeaderDots;

    /// <summary>How many leader dots (an ellipsis counting three) run from <paramref name="start"/> in
    /// <paramref name="step"/>'s direction, spaces between them allowed.</summary>
    private static int LeaderDots(string text, int start, int step)
    {
        int dots = 0;
        for (int i = start; i >= 0 && i < text.Length && text[i] is '.' or '·' or '…' or ' '; i += step)
        {
            dots += text[i] == ' ' ? 0 : text[i] == '…' ? 3 : 1;
        }

        return dots;
    }
}
