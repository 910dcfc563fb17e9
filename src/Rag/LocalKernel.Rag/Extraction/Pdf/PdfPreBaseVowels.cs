namespace LocalKernel.Rag;

/// <summary>
/// Puts pre-base vowel signs back after their consonant. Indic scripts, Sinhala, Khmer and Myanmar write some vowel
/// signs (Devanagari ि, Tamil ெ, Myanmar ေ and the medial ြ …) after the consonant in text but draw them to its left,
/// and a PDF without ActualText (XeTeX through xdvipdfmx, for one) gives the glyphs in that drawn order: "ெக" for
/// "கெ". A sign alone in its cell, drawn where the line goes on (not back over the glyph before it), with a consonant
/// of its script to its right, is moved after that consonant and what belongs to it first in text (a nukta, virama and
/// consonant conjuncts, Myanmar stacked consonants and medials). Cells joined in text already (a ligature glyph, an
/// ActualText span) are left alone. Hand-written: shaping libraries (HarfBuzz and its ports) go from text to glyphs,
/// none from drawn glyphs back to text, and no package on our feed does it.
/// </summary>
internal static class PdfPreBaseVowels
{
    /// <summary>Reorders <paramref name="cells"/> (one glyph's text each, in drawn order left to right) in place;
    /// <paramref name="x"/> gives each cell's start (NaN for an inserted space).</summary>
    public static void Reorder(List<string> cells, List<double> x)
    {
        if (!cells.Exists(IsPreBase))
        {
            return;
        }

        // One pass into new lists: a line can hold hundreds of thousands of glyphs, so nothing is moved in place.
        var outCells = new List<string>(cells.Count);
        var outX = new List<double>(cells.Count);
        int i = 0;
        while (i < cells.Count)
        {
            int baseAt = i;
            while (baseAt < cells.Count && IsPreBase(cells[baseAt]))
            {
                baseAt++; // Myanmar: vowel sign e and medial ra, both drawn left of the consonant
            }

            // Drawn back over the glyph before it, the sign follows that glyph already.
            bool reorder = baseAt > i && baseAt < cells.Count && !(i > 0 && x[i - 1] > x[i])
                && IsBase(cells[baseAt], cells[i][0]) && !(x[baseAt] < x[i]);
            if (!reorder)
            {
                int next = Math.Max(baseAt, i + 1);
                outCells.AddRange(cells.GetRange(i, next - i));
                outX.AddRange(x.GetRange(i, next - i));
                i = next;
                continue;
            }

            int end = baseAt + 1;
            while (end < cells.Count && BelongsToBase(cells, end))
            {
                end++;
            }

            // Text order: the consonant and its conjunct; medial ra before the medials wa and ha; the vowel signs last.
            var signs = Enumerable.Range(i, baseAt - i).ToList();
            int insertRaAt = baseAt + 1;
            while (insertRaAt < end && cells[insertRaAt][0] is not ('\u103D' or '\u103E'))
            {
                insertRaAt++;
            }

            var order = Enumerable.Range(baseAt, insertRaAt - baseAt)
                .Concat(signs.Where(k => cells[k][0] == MyanmarMedialRa))
                .Concat(Enumerable.Range(insertRaAt, end - insertRaAt))
                .Concat(signs.Where(k => cells[k][0] != MyanmarMedialRa));
            foreach (int k in order)
            {
                outCells.Add(cells[k]);
                outX.Add(x[k]);
            }

            i = end;
        }

        cells.Clear();
        cells.AddRange(outCells);
        x.Clear();
        x.AddRange(outX);
    }

    private const char MyanmarMedialRa = '\u103C';

    private static bool IsPreBase(string cell) => cell.Length == 1 && cell[0] is
        '\u093F' or '\u09BF' or '\u09C7' or '\u09C8' or '\u0A3F' or '\u0ABF' or '\u0B47' or '\u0BC6' or '\u0BC7' or '\u0BC8'
        or '\u0D46' or '\u0D47' or '\u0D48' or '\u0DD9' or '\u0DDB' or '\u17C1' or '\u17C2' or '\u17C3'
        or '\u1031' or MyanmarMedialRa or '\u1084';

    /// <summary>A consonant (any letter) of the sign's script block, or the dotted circle that stands for one.</summary>
    private static bool IsBase(string cell, char sign)
    {
        char c = cell[0];
        return c == '\u25CC' || (char.IsLetter(c) && Block(c) == Block(sign));
    }

    private static int Block(char c) => c is >= '\u0900' and <= '\u0DFF' ? c >> 7 : c >> 8; // 128-wide Indic blocks; Khmer, Myanmar

    /// <summary>Whether the cell at <paramref name="index"/> still belongs to the consonant before it in text order:
    /// a nukta, a virama (or coeng, or Myanmar asat) or the consonant after one, a Myanmar medial other than ra.</summary>
    private static bool BelongsToBase(List<string> cells, int index)
    {
        char c = cells[index][0];
        if (c is '\u093C' or '\u09BC' or '\u0A3C' or '\u0ABC' or '\u0B3C' || IsVirama(c) || c is '\u103A' or '\u103B' or '\u103D' or '\u103E')
        {
            return true;
        }

        string previous = cells[index - 1];
        return char.IsLetter(c) && previous.Length > 0 && IsVirama(previous[^1]);
    }

    private static bool IsVirama(char c) =>
        c is '\u094D' or '\u09CD' or '\u0A4D' or '\u0ACD' or '\u0B4D' or '\u0BCD' or '\u0D4D' or '\u0DCA' or '\u17D2' or '\u1039';
}
