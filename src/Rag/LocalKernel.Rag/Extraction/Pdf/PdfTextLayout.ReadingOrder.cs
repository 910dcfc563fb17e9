namespace LocalKernel.Rag;

/// <summary>Reading order: the recursive XY-cut over a page's fragments.</summary>
internal static partial class PdfTextLayout
{
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

        // The widest gutters only: each candidate splits the whole region, and a hostile line of a hundred thousand
        // spaced strings offers as many gutters (minutes of work, gigabytes allocated, when all were tried).
        foreach (var (start, end) in gaps.OrderByDescending(g => g.End - g.Start).Take(MaxColumnCandidates))
        {
            if (!SpansTwoLines(items, f => f.Right <= start) || !SpansTwoLines(items, f => f.Left >= end))
            {
                continue; // a column has lines (LooksLikeColumn); checked before any list is made
            }

            var l = items.Where(f => f.Right <= start).ToList();
            var r = items.Where(f => f.Left >= end).ToList();
            if (LooksLikeColumn(l) && LooksLikeColumn(r) && !IsLabelColumn(l, r))
            {
                left = l;
                right = r;
                return true;
            }
        }

        return false;
    }

    private static bool SpansTwoLines(List<Fragment> items, Func<Fragment, bool> side)
    {
        int? line = null;
        foreach (var f in items)
        {
            if (side(f))
            {
                if (line is int l && l != f.Line)
                {
                    return true;
                }

                line = f.Line;
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

    /// <summary>A left side that labels the right one (a DocBook variable list set as term and definition side by
    /// side, a table whose last column wraps): every label line beside the right side sits on the baseline of a right
    /// line, and between most pairs of labels the right side has a line of its own (a definition of two lines or more;
    /// a one-line note among them, "See Footnotes.", is allowed). Cut as columns, all the terms would come before all
    /// the definitions; read as bands, each term stays with its definition. Text columns fail the second test: their
    /// consecutive lines face consecutive lines, except at a paragraph break.</summary>
    private static bool IsLabelColumn(List<Fragment> left, List<Fragment> right)
    {
        double tolerance = 0.2 * MedianSize(right);
        var faced = right.Select(f => f.Baseline).Distinct().Order().ToList();

        // A heading above the list (or a line below it) on the left is no label; the labels are those beside it.
        var labels = left.Select(f => f.Baseline).Where(b => b >= faced[0] - tolerance && b <= faced[^1] + tolerance).Distinct().Order().ToList();
        if (labels.Count < 2)
        {
            return false;
        }

        int withOwnLines = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            if (!faced.Any(b => Math.Abs(b - labels[i]) <= tolerance))
            {
                return false;
            }

            if (i > 0 && faced.Any(b => b > labels[i - 1] + tolerance && b < labels[i] - tolerance))
            {
                withOwnLines++;
            }
        }

        return withOwnLines * 2 > labels.Count - 1;
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
}
