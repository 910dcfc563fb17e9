namespace LocalKernel.Rag;

/// <summary>
/// Puts a line of right-to-left text (Arabic, Hebrew, …) back into logical order. A PDF places each glyph where it is
/// seen, so a line read left to right is in visual order: every Arabic word comes out backwards. This applies the
/// Unicode Bidirectional Algorithm (UAX #9) to the visual sequence: levels are resolved (rules W1-W7, N1-N2, I1-I2,
/// L1) and runs reversed (L2), then mirrored glyphs are swapped back (L4). Reversal by levels is its own inverse when
/// the levels travel with the characters, so it maps visual order back to logical order; the only approximation is
/// that weak and neutral characters are resolved from their visual neighbours, which are their logical neighbours
/// mirrored. PDF text carries no explicit embeddings, so rules X1-X10 reduce to one level run; bracket pairs (N0) are
/// left to N1. The paragraph direction is the line's majority of strong letters (pdftotext takes the page's).
/// Hand-written: no library on our package feed exposes the algorithm (.NET keeps its bidi data internal; ICU4N has
/// no Bidi port). The class table is generated from the Unicode Character Database (PdfBidi.Data.cs).
/// </summary>
internal static partial class PdfBidi
{
    private static readonly Lazy<(int[] Starts, BidiClass[] Classes)> Ranges = new(ParseRanges);
    private static readonly Lazy<Dictionary<int, int>> Mirrors = new(ParseMirrors);

    /// <summary>Bidirectional character types (UAX #9, table 4). Explicit formatting types are read as BN.</summary>
    internal enum BidiClass : byte
    {
        L, R, AL, EN, ES, ET, AN, CS, NSM, BN, B, S, WS, ON,
    }

    /// <summary>The cells of a line (one glyph's text, or an inserted space, each) in visual order, joined in logical
    /// order; <paramref name="rightToLeft"/> says whether the line reads right to left. Lines without right-to-left
    /// letters or Arabic digits are joined as they are.</summary>
    public static string ToLogical(IReadOnlyList<string> cells, out bool rightToLeft)
    {
        rightToLeft = false;
        if (!MayNeedReordering(cells))
        {
            return string.Concat(cells);
        }

        int n = cells.Count;
        var original = new BidiClass[n];
        int strongLeft = 0, strongRight = 0;
        for (int i = 0; i < n; i++)
        {
            original[i] = CellClass(cells[i]);
            strongLeft += original[i] == BidiClass.L ? 1 : 0;
            strongRight += original[i] is BidiClass.R or BidiClass.AL ? 1 : 0;
        }

        if (strongRight == 0 && !Array.Exists(original, c => c == BidiClass.AN))
        {
            return string.Concat(cells);
        }

        rightToLeft = strongRight > strongLeft;
        var levels = ResolveLevels(original, rightToLeft ? 1 : 0);
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Reverse(order, levels);
        var text = new System.Text.StringBuilder();
        foreach (int i in order)
        {
            text.Append(levels[i] % 2 == 1 ? Mirror(cells[i]) : cells[i]);
        }

        return text.ToString();
    }

    /// <summary>The class of a code point.</summary>
    internal static BidiClass ClassOf(int codePoint)
    {
        var (starts, classes) = Ranges.Value;
        int index = Array.BinarySearch(starts, codePoint);
        return classes[index >= 0 ? index : ~index - 1];
    }

    private static bool MayNeedReordering(IReadOnlyList<string> cells)
    {
        foreach (var cell in cells)
        {
            foreach (char c in cell)
            {
                if (c >= '\u0590')
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A cell's class: that of its first strong letter, else of its first character (a ligature glyph
    /// stands for its letters; a digit or mark alone keeps its own class).</summary>
    private static BidiClass CellClass(string cell)
    {
        BidiClass? first = null;
        for (int i = 0; i < cell.Length; i++)
        {
            int cp = char.IsSurrogatePair(cell, i) ? char.ConvertToUtf32(cell, i++) : cell[i];
            var c = ClassOf(cp);
            if (c is BidiClass.L or BidiClass.R or BidiClass.AL)
            {
                return c;
            }

            first ??= c;
        }

        return first ?? BidiClass.BN;
    }

    private static int[] ResolveLevels(BidiClass[] original, int paragraphLevel)
    {
        int n = original.Length;
        var t = (BidiClass[])original.Clone();
        var edge = paragraphLevel == 1 ? BidiClass.R : BidiClass.L; // sos and eos: one level run

        // W1: a mark (or a boundary neutral) takes the type of what precedes it.
        for (int i = 0; i < n; i++)
        {
            if (t[i] is BidiClass.NSM or BidiClass.BN)
            {
                t[i] = i == 0 ? edge : t[i - 1];
            }
        }

        // W2: a European number after Arabic letters is an Arabic number. W3: Arabic letters are R.
        var lastStrong = edge;
        for (int i = 0; i < n; i++)
        {
            if (t[i] is BidiClass.L or BidiClass.R or BidiClass.AL)
            {
                lastStrong = t[i];
            }
            else if (t[i] == BidiClass.EN && lastStrong == BidiClass.AL)
            {
                t[i] = BidiClass.AN;
            }
        }

        for (int i = 0; i < n; i++)
        {
            t[i] = t[i] == BidiClass.AL ? BidiClass.R : t[i];
        }

        // W4: one separator between two numbers of a kind joins them ("1.5", "1,000").
        for (int i = 1; i + 1 < n; i++)
        {
            if (t[i] == BidiClass.ES && t[i - 1] == BidiClass.EN && t[i + 1] == BidiClass.EN)
            {
                t[i] = BidiClass.EN;
            }
            else if (t[i] == BidiClass.CS && t[i - 1] == t[i + 1] && t[i - 1] is BidiClass.EN or BidiClass.AN)
            {
                t[i] = t[i - 1];
            }
        }

        // W5: terminators next to a European number belong to it ("10%", "$5").
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && t[j] == BidiClass.ET)
            {
                j++;
            }

            if (j > i && ((i > 0 && t[i - 1] == BidiClass.EN) || (j < n && t[j] == BidiClass.EN)))
            {
                Array.Fill(t, BidiClass.EN, i, j - i);
            }

            i = Math.Max(j, i + 1);
        }

        // W6: remaining separators and terminators are neutral. W7: a European number in left-to-right text is L.
        lastStrong = edge;
        for (int i = 0; i < n; i++)
        {
            if (t[i] is BidiClass.ES or BidiClass.ET or BidiClass.CS)
            {
                t[i] = BidiClass.ON;
            }

            if (t[i] is BidiClass.L or BidiClass.R)
            {
                lastStrong = t[i];
            }
            else if (t[i] == BidiClass.EN && lastStrong == BidiClass.L)
            {
                t[i] = BidiClass.L;
            }
        }

        // N1: neutrals between text of one direction take it (numbers count as R); N2: others take the paragraph's.
        for (int i = 0; i < n;)
        {
            if (!IsNeutral(t[i]))
            {
                i++;
                continue;
            }

            int j = i;
            while (j < n && IsNeutral(t[j]))
            {
                j++;
            }

            var before = i == 0 ? edge : Direction(t[i - 1]);
            var after = j == n ? edge : Direction(t[j]);
            Array.Fill(t, before == after ? before : edge, i, j - i);
            i = j;
        }

        // I1, I2: implicit levels. L1: trailing white space goes back to the paragraph level.
        var levels = new int[n];
        for (int i = 0; i < n; i++)
        {
            levels[i] = paragraphLevel % 2 == 0
                ? paragraphLevel + (t[i] == BidiClass.R ? 1 : t[i] is BidiClass.AN or BidiClass.EN ? 2 : 0)
                : paragraphLevel + (t[i] is BidiClass.L or BidiClass.EN or BidiClass.AN ? 1 : 0);
        }

        for (int i = n - 1; i >= 0 && original[i] is BidiClass.WS or BidiClass.S or BidiClass.B or BidiClass.BN; i--)
        {
            levels[i] = paragraphLevel;
        }

        return levels;
    }

    private static bool IsNeutral(BidiClass c) => c is BidiClass.B or BidiClass.S or BidiClass.WS or BidiClass.ON;

    private static BidiClass Direction(BidiClass c) => c == BidiClass.L ? BidiClass.L : BidiClass.R;

    /// <summary>L2: from the highest level down to the lowest odd one, reverse every run at that level or higher.</summary>
    private static void Reverse(int[] order, int[] levels)
    {
        int highest = levels.Max();
        int lowestOdd = levels.Where(l => l % 2 == 1).DefaultIfEmpty(highest + 1).Min();
        for (int level = highest; level >= lowestOdd; level--)
        {
            for (int i = 0; i < order.Length;)
            {
                if (levels[order[i]] < level)
                {
                    i++;
                    continue;
                }

                int j = i;
                while (j < order.Length && levels[order[j]] >= level)
                {
                    j++;
                }

                Array.Reverse(order, i, j - i);
                i = j;
            }
        }
    }

    private static string Mirror(string cell)
    {
        if (cell.Length != 1 || !Mirrors.Value.TryGetValue(cell[0], out int mirrored))
        {
            return cell;
        }

        return char.ConvertFromUtf32(mirrored);
    }

    private static (int[] Starts, BidiClass[] Classes) ParseRanges()
    {
        var starts = new List<int>();
        var classes = new List<BidiClass>();
        var fields = ClassRanges.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < fields.Length; i += 2)
        {
            starts.Add(Convert.ToInt32(fields[i], 16));
            classes.Add(Enum.TryParse<BidiClass>(fields[i + 1], out var c) ? c : BidiClass.BN);
        }

        return (starts.ToArray(), classes.ToArray());
    }

    private static Dictionary<int, int> ParseMirrors()
    {
        var pairs = new Dictionary<int, int>();
        var fields = MirrorPairs.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < fields.Length; i += 2)
        {
            pairs[Convert.ToInt32(fields[i], 16)] = Convert.ToInt32(fields[i + 1], 16);
        }

        return pairs;
    }
}
