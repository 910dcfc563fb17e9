using System.Text;

namespace LocalKernel.Rag;

/// <summary>A paragraph (or table) of page text in reading order, with its typical font size and whether all of it is
/// bold: the hints for heading detection.</summary>
internal sealed record PdfTextBlock(string Text, double FontSize, int LineCount, bool Bold, BlockKind Kind = BlockKind.Paragraph);

/// <summary>
/// Puts a page's glyphs into reading order: glyphs on one baseline form a line (sorted left to right, a space where
/// the gap exceeds a fraction of the font size), lines split into fragments at wide gaps, and a recursive XY-cut orders
/// the fragments: a vertical cut only between two text columns, otherwise horizontal bands top to bottom. Within a band,
/// larger line gaps, a change of font size or weight, or a short line before a wide gap start a new paragraph; runs of
/// lines split into aligned fragments become tables (cells joined by " | "). A word hyphenated at the end of a line is
/// joined again, as pdftotext does. Rotated text is laid out in its own frame and follows the upright text.
/// </summary>
internal static class PdfTextLayout
{
    private const double WordGap = 0.15;          // of the font size: a wider gap between glyphs is a space
    private const double FragmentGap = 0.8;       // of the font size: a wider gap splits a line into fragments
    private const double BaselineTolerance = 0.4; // of the font size: baselines this close are one line
    private const double ColumnGap = 0.8;         // of the median font size: the narrowest gutter between columns
    private const double MinWordsPerColumnLine = 3;
    private const int MaxCutDepth = 64;
    private const int MaxBandCandidates = 16;
    private const int MaxTrimmedBands = 4;

    public static List<PdfTextBlock> Layout(IReadOnlyList<PdfGlyph> glyphs)
    {
        var blocks = new List<PdfTextBlock>();
        var byQuadrant = new List<Positioned>[4];
        for (int q = 0; q < 4; q++)
        {
            byQuadrant[q] = [];
        }

        foreach (var g in glyphs)
        {
            double angle = Math.Atan2(g.DirectionY, g.DirectionX);
            int quadrant = ((int)Math.Round(angle / (Math.PI / 2)) % 4 + 4) % 4;
            var (x, y) = Rotate(g.X, g.Y, quadrant);
            var (endX, _) = Rotate(g.EndX, g.EndY, quadrant);
            if (g.Size > 0 && double.IsFinite(x) && double.IsFinite(y))
            {
                byQuadrant[quadrant].Add(new Positioned(g.Text, x, y, Math.Max(endX, x), g.Size, g.Bold));
            }
        }

        foreach (var group in byQuadrant)
        {
            if (group.Count > 0)
            {
                blocks.AddRange(LayoutUpright(group));
            }
        }

        return blocks;
    }

    private readonly record struct Positioned(string Text, double X, double Y, double EndX, double Size, bool Bold);

    private sealed class Fragment
    {
        public required string Text { get; init; }

        public required double Left { get; init; }

        public required double Right { get; init; }

        public required double Baseline { get; init; }

        public required double Size { get; init; }

        public required int Line { get; init; }

        public required bool Bold { get; init; }

        public double Top => Baseline + (0.8 * Size);

        public double Bottom => Baseline - (0.25 * Size);
    }

    private static (double X, double Y) Rotate(double x, double y, int quadrant) => quadrant switch
    {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    };

    private static List<PdfTextBlock> LayoutUpright(List<Positioned> glyphs)
    {
        var fragments = BuildFragments(RemoveOverprints(glyphs));
        var blocks = new List<PdfTextBlock>();
        if (fragments.Count == 0)
        {
            return [];
        }

        foreach (var region in Order(fragments, 0, BandGap(fragments)))
        {
            blocks.AddRange(Paragraphs(region));
        }

        return blocks;
    }

    private static List<Positioned> RemoveOverprints(List<Positioned> glyphs)
    {
        // Fake bold draws the same glyph twice, a fraction of a point apart: drop a glyph when one with the same text
        // and size sits within a tenth of the font size. Points are bucketed by 1 pt; neighbours are checked.
        var buckets = new Dictionary<(long X, long Y), List<Positioned>>();
        var kept = new List<Positioned>(glyphs.Count);
        foreach (var g in glyphs)
        {
            if (string.IsNullOrWhiteSpace(g.Text))
            {
                kept.Add(g);
                continue;
            }

            long bx = (long)Math.Floor(g.X), by = (long)Math.Floor(g.Y);
            double tolerance = 0.1 * g.Size;
            bool duplicate = false;
            for (long dx = -1; dx <= 1 && !duplicate; dx++)
            {
                for (long dy = -1; dy <= 1 && !duplicate; dy++)
                {
                    if (buckets.TryGetValue((bx + dx, by + dy), out var near))
                    {
                        duplicate = near.Exists(o => o.Text == g.Text && Math.Abs(o.X - g.X) < tolerance && Math.Abs(o.Y - g.Y) < tolerance
                            && Math.Abs(o.Size - g.Size) < 0.05 * g.Size);
                    }
                }
            }

            if (duplicate)
            {
                continue;
            }

            if (!buckets.TryGetValue((bx, by), out var bucket))
            {
                buckets[(bx, by)] = bucket = [];
            }

            bucket.Add(g);
            kept.Add(g);
        }

        return kept;
    }

    private static List<Fragment> BuildFragments(List<Positioned> glyphs)
    {
        glyphs.Sort((a, b) => b.Y != a.Y ? b.Y.CompareTo(a.Y) : a.X.CompareTo(b.X));
        var fragments = new List<Fragment>();
        int lineNumber = 0;
        int start = 0;
        while (start < glyphs.Count)
        {
            // One line: glyphs whose baseline is close to the line's reference (that of its largest glyph so far).
            double referenceY = glyphs[start].Y, referenceSize = glyphs[start].Size;
            int end = start + 1;
            while (end < glyphs.Count && referenceY - glyphs[end].Y <= BaselineTolerance * Math.Max(referenceSize, glyphs[end].Size))
            {
                if (glyphs[end].Size > referenceSize)
                {
                    referenceY = glyphs[end].Y;
                    referenceSize = glyphs[end].Size;
                }

                end++;
            }

            var line = glyphs.GetRange(start, end - start);
            line.Sort((a, b) => a.X.CompareTo(b.X));
            SplitLine(line, lineNumber++, referenceY, fragments);
            start = end;
        }

        return fragments;
    }

    private static void SplitLine(List<Positioned> line, int lineNumber, double baseline, List<Fragment> fragments)
    {
        var text = new StringBuilder();
        int first = 0;
        double right = double.NegativeInfinity;
        for (int i = 0; i < line.Count; i++)
        {
            var g = line[i];
            if (i > first)
            {
                double gap = g.X - right;
                if (gap > FragmentGap * g.Size)
                {
                    AddFragment(line, first, i, right, lineNumber, baseline, text, fragments);
                    first = i;
                    right = double.NegativeInfinity;
                }
                else if (gap > WordGap * g.Size && text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }

            if (string.IsNullOrWhiteSpace(g.Text))
            {
                if (text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(g.Text);
            }

            right = Math.Max(right, g.EndX);
        }

        AddFragment(line, first, line.Count, right, lineNumber, baseline, text, fragments);
        MergeLeadingMarker(fragments, lineNumber);
    }

    /// <summary>A bullet or a number ("•", "2.1", "a)") set apart from its text belongs to that text: kept separate it
    /// would look like a table column.</summary>
    private static void MergeLeadingMarker(List<Fragment> fragments, int lineNumber)
    {
        int count = 0;
        for (int i = fragments.Count - 1; i >= 0 && fragments[i].Line == lineNumber; i--)
        {
            count++;
        }

        int first = fragments.Count - count;
        if (count < 2 || fragments[first].Text.Length > 4 || fragments[first + 1].Left - fragments[first].Right > 3 * fragments[first].Size)
        {
            return;
        }

        var marker = fragments[first];
        var next = fragments[first + 1];
        fragments[first] = new Fragment
        {
            Text = marker.Text + " " + next.Text,
            Left = marker.Left,
            Right = next.Right,
            Baseline = next.Baseline,
            Size = next.Size,
            Line = next.Line,
            Bold = marker.Bold && next.Bold,
        };
        fragments.RemoveAt(first + 1);
    }

    private static void AddFragment(List<Positioned> line, int first, int end, double right, int lineNumber, double baseline, StringBuilder text, List<Fragment> fragments)
    {
        string value = text.ToString().Trim();
        text.Clear();
        if (value.Length == 0)
        {
            return;
        }

        var sizes = new double[end - first];
        bool bold = true;
        for (int i = first; i < end; i++)
        {
            sizes[i - first] = line[i].Size;
            bold &= line[i].Bold || string.IsNullOrWhiteSpace(line[i].Text);
        }

        Array.Sort(sizes);
        fragments.Add(new Fragment
        {
            Text = value,
            Left = line[first].X,
            Right = right,
            Baseline = baseline,
            Size = sizes[sizes.Length / 2],
            Line = lineNumber,
            Bold = bold,
        });
    }

    /// <summary>Recursive XY-cut: regions in reading order. A column cut is tried first at every level, so a
    /// horizontal gap inside a column layout never splits it before its gutter is found; horizontal cuts take the
    /// widest gap first.</summary>
    private static IEnumerable<List<Fragment>> Order(List<Fragment> items, int depth, double bandGap)
    {
        if (items.Count <= 1 || depth > MaxCutDepth)
        {
            return [items];
        }

        if (TryColumnCut(items, out var left, out var right))
        {
            return Order(left, depth + 1, bandGap).Concat(Order(right, depth + 1, bandGap));
        }

        if (TryBandCut(items, bandGap, out var upper, out var lower))
        {
            return Order(upper, depth + 1, bandGap).Concat(Order(lower, depth + 1, bandGap));
        }

        return [items];
    }

    private static bool TryColumnCut(List<Fragment> items, out List<Fragment> left, out List<Fragment> right)
    {
        left = right = [];
        double size = MedianSize(items);
        var byLeft = items.OrderBy(f => f.Left).ToList();
        var gaps = new List<(double Start, double End)>();
        double reach = byLeft[0].Right;
        foreach (var f in byLeft.Skip(1))
        {
            if (f.Left - reach >= ColumnGap * size)
            {
                gaps.Add((reach, f.Left));
            }

            reach = Math.Max(reach, f.Right);
        }

        foreach (var (start, end) in gaps.OrderByDescending(g => g.End - g.Start))
        {
            var l = items.Where(f => f.Right <= start).ToList();
            var r = items.Where(f => f.Left >= end).ToList();
            if (LooksLikeColumn(l) && LooksLikeColumn(r))
            {
                left = l;
                right = r;
                return true;
            }
        }

        return false;
    }

    /// <summary>Text columns have several lines of several words; table columns (a few words per cell) do not, and
    /// cutting between them would read a table column by column instead of row by row.</summary>
    private static bool LooksLikeColumn(List<Fragment> side)
    {
        var lines = side.GroupBy(f => f.Line).ToList();
        if (lines.Count < 2)
        {
            return false;
        }

        double words = lines.Average(line => line.Sum(f => f.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
        return words >= MinWordsPerColumnLine;
    }

    /// <summary>The gap between vertical bands that separates blocks on this page: clearly wider than the usual gap
    /// between lines.</summary>
    private static double BandGap(List<Fragment> items)
    {
        var gaps = new List<double>();
        var intervals = VerticalIntervals(items.OrderByDescending(f => f.Top).ToList());
        for (int i = 1; i < intervals.Count; i++)
        {
            gaps.Add(intervals[i - 1].Bottom - intervals[i].Top);
        }

        double size = MedianSize(items);
        if (gaps.Count == 0)
        {
            return 0.6 * size;
        }

        gaps.Sort();
        return Math.Max(0.6 * size, gaps[gaps.Count / 2] + (0.5 * size));
    }

    private static List<(double Top, double Bottom)> VerticalIntervals(List<Fragment> byTop)
    {
        var intervals = new List<(double Top, double Bottom)>();
        foreach (var f in byTop)
        {
            if (intervals.Count > 0 && f.Top >= intervals[^1].Bottom)
            {
                intervals[^1] = (intervals[^1].Top, Math.Min(intervals[^1].Bottom, f.Bottom));
            }
            else
            {
                intervals.Add((f.Top, f.Bottom));
            }
        }

        return intervals;
    }

    private static bool TryBandCut(List<Fragment> items, double bandGap, out List<Fragment> upper, out List<Fragment> lower)
    {
        upper = lower = [];
        var byTop = items.OrderByDescending(f => f.Top).ToList();
        var intervals = VerticalIntervals(byTop);
        var cuts = new List<(double Gap, double At)>();
        for (int i = 1; i < intervals.Count; i++)
        {
            double gap = intervals[i - 1].Bottom - intervals[i].Top;
            if (gap > bandGap)
            {
                cuts.Add((gap, intervals[i - 1].Bottom));
            }
        }

        if (cuts.Count == 0)
        {
            return false;
        }

        // A title above and a page number below often span the gutter of a column layout: when the part without a few
        // top and bottom bands holds columns, cut those bands off first (the top ones first). Otherwise the widest
        // gap, preferring one that frees a column layout on either side.
        var byPosition = cuts.Select(c => c.At).OrderDescending().ToList();
        double topmost = byPosition[0], bottommost = byPosition[^1];

        // Bands peeled off the top and bottom (title, authors, headers; page numbers, footers) before columns appear.
        List<Fragment> Between(double above, double below) => byTop.Where(f => f.Bottom < above && f.Bottom >= below).ToList();
        double? chosenCut = null;
        for (int trimmed = 1; trimmed <= MaxTrimmedBands && chosenCut is null; trimmed++)
        {
            for (int top = trimmed; top >= 0 && chosenCut is null; top--)
            {
                int bottom = trimmed - top;
                if (top + bottom > byPosition.Count || top > MaxTrimmedBands - 1 || bottom > 2)
                {
                    continue;
                }

                double above = top == 0 ? double.PositiveInfinity : byPosition[top - 1];
                double below = bottom == 0 ? double.NegativeInfinity : byPosition[^bottom];
                if (above > below && TryColumnCut(Between(above, below), out _, out _))
                {
                    chosenCut = top > 0 ? topmost : bottommost;
                }
            }
        }

        cuts.Sort((a, b) => b.Gap.CompareTo(a.Gap));
        foreach (var (_, at) in cuts.Take(MaxBandCandidates))
        {
            if (chosenCut is not null)
            {
                break;
            }

            if (TryColumnCut(Between(double.PositiveInfinity, at), out _, out _) || TryColumnCut(Between(at, double.NegativeInfinity), out _, out _))
            {
                chosenCut = at;
            }
        }

        double chosen = chosenCut ?? cuts[0].At;
        upper = byTop.Where(f => f.Bottom >= chosen).ToList();
        lower = byTop.Where(f => f.Bottom < chosen).ToList();
        return upper.Count > 0 && lower.Count > 0;
    }

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
        double regionRight = region.Max(f => f.Right);
        var current = new List<List<Fragment>>();
        bool currentIsTable = false;
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            bool tableLine = GuttersAlign(lines, i, i - 1) || GuttersAlign(lines, i, i + 1);
            if (current.Count > 0 && (tableLine != currentIsTable || (!tableLine && StartsParagraph(lines[i - 1], line, typicalPitch, regionRight))))
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

    /// <summary>Two lines are rows of one table when a gap between fragments of one overlaps a gap of the other:
    /// columns share their gutters, while the odd wide gap of a loose text line falls anywhere.</summary>
    private static bool GuttersAlign(List<List<Fragment>> lines, int a, int b)
    {
        if (b < 0 || b >= lines.Count || lines[a].Count < 2 || lines[b].Count < 2)
        {
            return false;
        }

        for (int i = 1; i < lines[a].Count; i++)
        {
            double start = lines[a][i - 1].Right, end = lines[a][i].Left;
            for (int k = 1; k < lines[b].Count; k++)
            {
                if (Math.Min(end, lines[b][k].Left) > Math.Max(start, lines[b][k - 1].Right))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool StartsWithBullet(string text) =>
        text.Length >= 2 && text[0] is '•' or '◦' or '▪' or '▫' or '‣' or '∙' or '●' or '○' or '■' or '□' or '–' or '-' or '*' or '\uF0B7'
        && char.IsWhiteSpace(text[1]);

    private static bool StartsParagraph(List<Fragment> previous, List<Fragment> line, double? typicalPitch, double regionRight)
    {
        double previousSize = LineSize(previous), size = LineSize(line);
        if (Math.Abs(previousSize - size) > 0.2 * Math.Max(previousSize, size))
        {
            return true;
        }

        if (StartsWithBullet(line[0].Text))
        {
            return true;
        }

        // A line set wholly in bold above regular text is a run-in heading ("1. Introduction").
        if (IsBoldLine(previous) != IsBoldLine(line))
        {
            return true;
        }

        double pitch = previous[0].Baseline - line[0].Baseline;
        if (typicalPitch is double typical ? pitch > Math.Max(1.3 * typical, typical + (0.5 * size)) : pitch > 1.7 * size)
        {
            return true;
        }

        // Evenly spaced one-line paragraphs look like wide leading; a short or sentence-ending line before a wide gap ends one.
        string last = previous[^1].Text;
        bool shortLine = previous[^1].Right < regionRight - (3 * size);
        bool sentenceEnd = last.Length > 0 && last[^1] is '.' or '!' or '?' or ':' or ';';
        return pitch > 1.45 * size && (shortLine || sentenceEnd);
    }

    private static bool IsBoldLine(List<Fragment> line) => line.Count == 1 && line[0].Bold;

    private static PdfTextBlock Block(List<List<Fragment>> lines, bool table)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (table)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.AppendJoin(" | ", line.Select(f => f.Text));
                continue;
            }

            string lineText = string.Join(" ", line.Select(f => f.Text));
            if (text.Length > 1 && text[^1] == '-' && char.IsLetter(text[^2]) && lineText.Length > 0 && char.IsLower(lineText[0]))
            {
                text.Length--; // "sched-" + "ule": a word hyphenated at the line end is one word
            }
            else if (text.Length > 0 && text[^1] != '-')
            {
                text.Append(' ');
            }

            text.Append(lineText);
        }

        var sizes = lines.Select(LineSize).Order().ToList();
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

    private static double LineSize(List<Fragment> line) => line.Max(f => f.Size);

    private static double MedianSize(List<Fragment> items)
    {
        var sizes = items.Select(f => f.Size).Order().ToList();
        return sizes[sizes.Count / 2];
    }
}
