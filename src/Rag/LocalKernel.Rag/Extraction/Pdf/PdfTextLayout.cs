using System.Runtime.InteropServices;

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
internal static partial class PdfTextLayout
{
    private const double WordGap = 0.15;          // of the font size: a wider gap between glyphs is a space
    private const double TakenBack = 0.5;         // of a space glyph's advance: a glyph kerned back before it ends the space
    private const double FragmentGap = 0.8;       // of the font size: a wider gap splits a line into fragments
    private const double BaselineTolerance = 0.4; // of the font size: baselines this close are one line
    private const double ColumnGap = 0.8;         // of the median font size: the narrowest gutter between columns
    private const double MinWordsPerColumnLine = 3;
    private const int MaxCutDepth = 64;
    private const int MaxBandCandidates = 16;
    private const int MaxColumnCandidates = 64;
    private const int MaxTrimmedBands = 4;
    private const double OverprintCell = 4; // pt: wider than the reach of a twin (at most 2 pt), so most glyphs need one cell

    public static List<PdfTextBlock> Layout(IReadOnlyList<PdfGlyph> glyphs)
    {
        // Each direction's glyphs in a list sized once: a page's glyphs are tens of kilobytes, and growing the list by
        // doubling copied them into new large-object arrays several times per page.
        var quadrants = new int[glyphs.Count];
        var counts = new int[4];
        for (int i = 0; i < glyphs.Count; i++)
        {
            double angle = Math.Atan2(glyphs[i].DirectionY, glyphs[i].DirectionX);
            quadrants[i] = ((int)Math.Round(angle / (Math.PI / 2)) % 4 + 4) % 4;
            counts[quadrants[i]]++;
        }

        var byQuadrant = counts.Select(count => new List<Positioned>(count)).ToArray();
        for (int i = 0; i < glyphs.Count; i++)
        {
            var g = glyphs[i];
            int quadrant = quadrants[i];
            var (x, y) = Rotate(g.X, g.Y, quadrant);
            var (endX, _) = Rotate(g.EndX, g.EndY, quadrant);
            if (g.Size > 0 && double.IsFinite(x) && double.IsFinite(y))
            {
                byQuadrant[quadrant].Add(new Positioned(g.Text, x, y, Math.Max(endX, x), g.Size, g.Bold));
            }
        }

        var blocks = new List<PdfTextBlock>();
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

        /// <summary>Whether the fragment reads right to left (its text is already in logical order).</summary>
        public bool RightToLeft { get; init; }

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

    /// <summary>Drops overprinted twins from <paramref name="glyphs"/> in place (the list is this layout's own) and
    /// returns it.</summary>
    private static List<Positioned> RemoveOverprints(List<Positioned> glyphs)
    {
        // Fake bold draws the same glyph twice, a fraction of a point apart: drop a glyph when one with the same text
        // and size sits within a tenth of the font size (at most 2 pt). Points are bucketed in 4 pt cells, so most glyphs
        // look in one cell (1 pt cells took four to nine lookups a glyph); a cell is a chain of indices into the kept
        // glyphs (the newest first), not a list of its own. This runs for every glyph of every page: a list per cell
        // allocated more than the rest of the layout, and the lookups were a fifth of the whole extraction.
        var newestInCell = new Dictionary<long, int>(glyphs.Count);
        var olderInCell = new int[glyphs.Count];
        int kept = 0;
        for (int i = 0; i < glyphs.Count; i++)
        {
            var g = glyphs[i];
            if (!string.IsNullOrWhiteSpace(g.Text))
            {
                if (HasTwinNear(g, glyphs, newestInCell, olderInCell))
                {
                    continue;
                }

                ref int newest = ref CollectionsMarshal.GetValueRefOrAddDefault(newestInCell, CellKey(Cell(g.X), Cell(g.Y)), out bool exists);
                olderInCell[kept] = exists ? newest : -1;
                newest = kept;
            }

            glyphs[kept++] = g; // kept <= i: the glyphs kept so far stay where the chains point
        }

        glyphs.RemoveRange(kept, glyphs.Count - kept);
        return glyphs;
    }

    private static bool HasTwinNear(in Positioned g, List<Positioned> kept, Dictionary<long, int> newestInCell, int[] olderInCell)
    {
        // Only the cells the tolerance reaches: one for most glyphs, at most four while it is under a point (10 pt
        // type); it is capped at 2 pt, so a hostile size cannot make the search large.
        double tolerance = Math.Min(0.1 * g.Size, 2);
        for (int x = Cell(g.X - tolerance), lastX = Cell(g.X + tolerance); x <= lastX; x++)
        {
            for (int y = Cell(g.Y - tolerance), lastY = Cell(g.Y + tolerance); y <= lastY; y++)
            {
                if (!newestInCell.TryGetValue(CellKey(x, y), out int index))
                {
                    continue;
                }

                for (; index >= 0; index = olderInCell[index])
                {
                    var o = kept[index];
                    if (o.Text == g.Text && Math.Abs(o.X - g.X) < tolerance && Math.Abs(o.Y - g.Y) < tolerance && Math.Abs(o.Size - g.Size) < 0.05 * g.Size)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The cell of a coordinate, clamped so a hostile coordinate cannot overflow its neighbours' keys.</summary>
    private static int Cell(double coordinate) => (int)Math.Clamp(Math.Floor(coordinate / OverprintCell), -1e9, 1e9);

    /// <summary>A cell's dictionary key. A long hashes as its two halves XORed, so plain (x, y) halves would put a page's
    /// cells on a few hundred hash codes; the low half mixes x in (reversibly, so keys stay unique).</summary>
    private static long CellKey(int cellX, int cellY) => ((long)cellX << 32) | (uint)(cellY ^ (cellX * -1640531535));

    private static void SplitLine(List<Positioned> line, int lineNumber, double baseline, List<Fragment> fragments)
    {
        // Each glyph's text (or an inserted space) is one cell, so a right-to-left run can be reordered glyph by glyph.
        var cells = new List<string>();
        var cellX = new List<double>(); // where each cell's glyph starts (NaN for an inserted space)
        int first = 0;
        double right = double.NegativeInfinity;
        int nextVisible = 0; // the next glyph with text after a space glyph, found once for a run of spaces
        double? monospaced = null; // measured at the first wide gap only: most lines have none
        bool measured = false;
        for (int i = 0; i < line.Count; i++)
        {
            var g = line[i];
            if (i > first)
            {
                double gap = g.X - right;
                if (gap > FragmentGap * g.Size && !IsSpaceRun(Monospaced(), line[i - 1], g))
                {
                    AddFragment(line, first, i, right, lineNumber, baseline, cells, cellX, fragments);
                    first = i;
                    right = double.NegativeInfinity;
                }
                else if ((gap > WordGap * g.Size || IsLeadingNoteMark(line, first, i, gap)) && cells.Count > 0 && cells[^1] != " ")
                {
                    cells.Add(" ");
                    cellX.Add(double.NaN);
                }
            }

            if (string.IsNullOrWhiteSpace(g.Text))
            {
                if (cells.Count > 0 && cells[^1] != " " && !AdvanceTakenBack(line, i, ref nextVisible))
                {
                    cells.Add(" ");
                    cellX.Add(double.NaN);
                }
            }
            else
            {
                cells.Add(g.Text);
                cellX.Add(g.X);
            }

            right = Math.Max(right, g.EndX);
        }

        AddFragment(line, first, line.Count, right, lineNumber, baseline, cells, cellX, fragments);
        MergeLeaders(fragments, lineNumber);
        MergeLeadingMarker(fragments, lineNumber);

        double? Monospaced()
        {
            if (!measured)
            {
                monospaced = MonospacedAdvance(line);
                measured = true;
            }

            return monospaced;
        }
    }

    /// <summary>Whether the glyphs of the fragment before <paramref name="index"/> are a note mark: at most three, smaller
    /// than the glyph at <paramref name="index"/> and raised above its baseline, as a footnote starts ("¹Text"). Glued
    /// on, the mark would hide the note's first word ("1text"); pdftotext splits there too. Marks after a word and
    /// superscripts inside formulas are left as they are.</summary>
    private static bool IsLeadingNoteMark(List<Positioned> line, int first, int index, double gap)
    {
        if (index - first > 3 || string.IsNullOrWhiteSpace(line[first].Text))
        {
            return false;
        }

        var mark = line[index - 1];
        var next = line[index];
        for (int i = first; i < index; i++)
        {
            if (Math.Abs(line[i].Y - mark.Y) > 0.05 * mark.Size || Math.Abs(line[i].Size - mark.Size) > 0.05 * mark.Size)
            {
                return false;
            }
        }

        return gap > -0.05 * mark.Size && mark.Size < 0.85 * next.Size && mark.Y - next.Y > 0.2 * mark.Size;
    }

    /// <summary>Whether the space glyph at <paramref name="index"/> separates nothing on the page: the next glyph is
    /// kerned back to start within the first half of the space's advance. XeTeX writes a Persian zero-width non-joiner
    /// ("لیست‌ها") so; like pdftotext, which ignores space glyphs and goes by the gaps, that is no space. A space glyph
    /// without a width (a font with broken widths) is still a space.</summary>
    private static bool AdvanceTakenBack(List<Positioned> line, int index, ref int nextVisible)
    {
        var space = line[index];
        double advance = space.EndX - space.X;
        if (advance < 0.05 * space.Size)
        {
            return false;
        }

        if (nextVisible <= index)
        {
            nextVisible = index + 1;
            while (nextVisible < line.Count && string.IsNullOrWhiteSpace(line[nextVisible].Text))
            {
                nextVisible++;
            }
        }

        return nextVisible < line.Count && line[nextVisible].X - space.X < TakenBack * advance;
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

        if (count < 2)
        {
            return;
        }

        // Left to right the marker is the first fragment; right to left it is the last, and reads first.
        int first = fragments.Count - count;
        bool rightToLeft = fragments[^1].RightToLeft || fragments[^2].RightToLeft;
        int markerAt = rightToLeft ? fragments.Count - 1 : first;
        int textAt = rightToLeft ? fragments.Count - 2 : first + 1;
        var marker = fragments[markerAt];
        var next = fragments[textAt];
        double gap = rightToLeft ? marker.Left - next.Right : next.Left - marker.Right;
        if (marker.Text.Length > 4 || gap > 3 * marker.Size)
        {
            return;
        }

        fragments[Math.Min(markerAt, textAt)] = new Fragment
        {
            Text = marker.Text + " " + next.Text,
            Left = Math.Min(marker.Left, next.Left),
            Right = Math.Max(marker.Right, next.Right),
            Baseline = next.Baseline,
            Size = next.Size,
            Line = next.Line,
            Bold = marker.Bold && next.Bold,
            RightToLeft = next.RightToLeft,
        };
        fragments.RemoveAt(Math.Max(markerAt, textAt));
    }

    private static void AddFragment(List<Positioned> line, int first, int end, double right, int lineNumber, double baseline, List<string> cells, List<double> cellX, List<Fragment> fragments)
    {
        PdfPreBaseVowels.Reorder(cells, cellX);
        string value = PdfBidi.ToLogical(cells, out bool rightToLeft).Trim();
        cells.Clear();
        cellX.Clear();
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
            RightToLeft = rightToLeft,
        });
    }

    private static double LineSize(List<Fragment> line) => line.Max(f => f.Size);

    private static double MedianSize(List<Fragment> items)
    {
        var sizes = items.Select(f => f.Size).Order().ToList();
        return sizes[sizes.Count / 2];
    }
}
