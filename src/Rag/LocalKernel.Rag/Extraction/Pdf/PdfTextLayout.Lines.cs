using System.Runtime.InteropServices;

namespace LocalKernel.Rag;

/// <summary>Lines from glyphs. Glyphs are first joined into runs in the order the content stream shows them (one
/// baseline, moving right), and runs, not single glyphs, are grouped into lines and sorted left to right: two lines
/// whose baselines nearly coincide (an OCR text layer, tightly set scripts) then stay two lines instead of having their
/// letters interleaved, while a line drawn in pieces out of order is still put together.</summary>
internal static partial class PdfTextLayout
{
    private const double RunBaselineTolerance = 0.1; // of the font size: a run keeps its baseline this closely
    private const double RunBacktrack = 0.3;         // of the font size: a step further back starts a new run
    private const double RunOverlap = 0.5;           // of the font size: runs overlapping more than this are not one line
    private const double NastaliqCascade = 1.0;      // of the font size: how far a Nastaliq letter may step from the last
    private const int MaxRunsSeparated = 1000;       // runs in one band: more are one line (see SeparateOverlapping)

    /// <summary>Glyphs that follow each other in content order: a range of the page's glyph list (not a list of its
    /// own: a page has hundreds of runs, and copying every glyph into one cost more than grouping them).</summary>
    private sealed class Run(List<Positioned> glyphs, int start)
    {
        public int Count { get; private set; }

        /// <summary>The run's glyphs, in content order.</summary>
        public ReadOnlySpan<Positioned> Glyphs => CollectionsMarshal.AsSpan(glyphs).Slice(start, Count);

        public double Y { get; set; }

        public double Left { get; set; } = double.PositiveInfinity;

        public double Right { get; set; } = double.NegativeInfinity;

        public double Size { get; set; }

        public int Letters { get; set; }

        private bool _hasBase;

        public void Add(Positioned g)
        {
            // g is the glyph after the run's last (runs are built in one pass over the list). The run's baseline is its
            // first letter's: a vowel mark above, drawn before its letter, is not on it.
            if (!_hasBase)
            {
                bool isBase = !IsMark(g.Text);
                if (Count == 0 || isBase)
                {
                    Y = g.Y;
                    _hasBase = isBase;
                }
            }

            Count++;
            Left = Math.Min(Left, g.X);
            Right = Math.Max(Right, g.EndX);
            Size = Math.Max(Size, g.Size);
            Letters += string.IsNullOrWhiteSpace(g.Text) ? 0 : 1;
        }
    }

    private static List<Fragment> BuildFragments(List<Positioned> glyphs)
    {
        var runs = BuildRuns(glyphs);
        runs.Sort((a, b) => b.Y != a.Y ? b.Y.CompareTo(a.Y) : a.Left.CompareTo(b.Left));
        var fragments = new List<Fragment>();
        int lineNumber = 0;
        int start = 0;
        while (start < runs.Count)
        {
            // One band: runs whose baseline is close to the band's reference (that of its largest run so far).
            double referenceY = runs[start].Y, referenceSize = runs[start].Size;
            int end = start + 1;
            while (end < runs.Count && referenceY - runs[end].Y <= BaselineTolerance * Math.Max(referenceSize, runs[end].Size))
            {
                if (runs[end].Size > referenceSize)
                {
                    referenceY = runs[end].Y;
                    referenceSize = runs[end].Size;
                }

                end++;
            }

            foreach (var line in SeparateOverlapping(runs, start, end))
            {
                line.Sort((a, b) => a.Left.CompareTo(b.Left));
                var lineGlyphs = new List<Positioned>(line.Sum(r => r.Count));
                foreach (var run in line)
                {
                    lineGlyphs.AddRange(run.Glyphs);
                }

                var reference = line.MaxBy(r => r.Size)!;
                SplitLine(lineGlyphs, lineNumber++, reference.Y, fragments);
            }

            start = end;
        }

        return fragments;
    }

    private static List<Run> BuildRuns(List<Positioned> glyphs)
    {
        var runs = new List<Run>();
        Run? current = null;
        Positioned previous = default;
        for (int i = 0; i < glyphs.Count; i++)
        {
            var g = glyphs[i];
            double size = Math.Max(g.Size, previous.Size);
            bool continues = current is not null
                && (Math.Abs(g.Y - previous.Y) <= RunBaselineTolerance * size || IsCascadeStep(previous, g, size))
                && g.X >= previous.X - (RunBacktrack * size)
                && g.X - current.Right <= FragmentGap * size;
            if (!continues)
            {
                current = new Run(glyphs, i);
                runs.Add(current);
            }

            current!.Add(g);
            previous = g;
        }

        return runs;
    }

    /// <summary>Whether <paramref name="next"/> continues a word of Arabic script set in Nastaliq, whose letters step
    /// up and down along the word (a cascade of up to a font size) while touching each other: the run goes on, on the
    /// baseline of where it started, instead of every letter becoming a line of its own (Urdu read "ک ی ک ے ل ے").
    /// Only between Arabic-script glyphs, so a Latin superscript keeps being its own run.</summary>
    private static bool IsCascadeStep(Positioned previous, Positioned next, double size) =>
        Math.Abs(next.Y - previous.Y) <= NastaliqCascade * size && next.X - previous.EndX <= WordGap * size
        && IsArabicScript(previous.Text) && IsArabicScript(next.Text);

    private static bool IsMark(string text) =>
        text.Length > 0 && char.GetUnicodeCategory(text[0]) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark;

    private static bool IsArabicScript(string text) =>
        text.Length > 0 && text[0] is (>= '\u0600' and <= '\u06FF') or (>= '\u0750' and <= '\u077F') or (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF');

    /// <summary>Splits a band of runs into lines where runs of several letters overlap horizontally: they cannot be
    /// one line. Single glyphs (accents, marks set apart) join whichever line they fall in. Each run is checked against
    /// the runs placed before it, so a band of more runs than a page holds side by side (a hostile line of a hundred
    /// thousand short strings) is left one line rather than checked pair by pair for minutes.</summary>
    private static List<List<Run>> SeparateOverlapping(List<Run> runs, int start, int end)
    {
        if (end - start > MaxRunsSeparated)
        {
            return [runs.GetRange(start, end - start)];
        }

        var lines = new List<List<Run>> { new() };
        for (int i = start; i < end; i++)
        {
            var run = runs[i];
            var home = run.Letters < 2 ? lines[0] : lines.Find(line => !line.Exists(other => Overlaps(run, other)));
            if (home is null)
            {
                home = [];
                lines.Add(home);
            }

            home.Add(run);
        }

        return lines;
    }

    private static bool Overlaps(Run a, Run b) =>
        a.Letters >= 2 && b.Letters >= 2 && Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left) > RunOverlap * Math.Min(a.Size, b.Size);
}
