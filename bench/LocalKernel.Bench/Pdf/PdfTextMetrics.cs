using System.Text;

namespace LocalKernel.Bench;

/// <summary>Word recall, precision and order of an extraction against an oracle's text. Words are compared after
/// NFKC, lower-casing and trimming punctuation at their ends; order is the share of the oracle's word bigrams that the
/// extraction also has (a multiset), so text in the wrong order loses bigrams while keeping its words. Bidi controls
/// are read first: pdftotext wraps every right-to-left run in RLE…PDF and every number in it in LRE…PDF, and an
/// embedding's edge separates words (it writes a Persian heading "١ لیستها" as RLE LRE " ١" PDF "لیستها" PDF: the
/// space inside the number's embedding, none after it), so embeddings, overrides and isolates count as spaces;
/// the zero-width marks LRM and RLM are dropped. Lone list bullets and lone table bars (our reader joins a table's
/// cells with " | ", pdftotext with spaces) are markup, not words: neither side counts them (see
/// <see cref="PdfWordCounting"/>).</summary>
internal static class PdfTextMetrics
{
    /// <summary>The words of <paramref name="text"/>, counted as <paramref name="counting"/> says.</summary>
    public static List<string> Words(string text, PdfWordCounting counting = PdfWordCounting.Words)
    {
        var words = new List<string>();
        foreach (var raw in WithoutBidiControls(text, counting).Normalize(NormalizationForm.FormKC).Split((char[])[' ', '\n', '\r', '\t', '\f', '\v', '\u00A0'], StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Trim(".,;:!?\"'()[]{}«»“”‘’*".ToCharArray()).ToLowerInvariant();
            bool counted = counting switch
            {
                PdfWordCounting.LettersOrDigits => word.Any(char.IsLetterOrDigit),
                PdfWordCounting.Earlier => word.Length > 0 && !IsBullet(word),
                _ => word.Length > 0 && word != "|" && !IsBullet(word),
            };
            if (counted)
            {
                words.Add(word);
            }
        }

        return words;
    }

    /// <summary>A lone list bullet: pdftotext keeps it as text, our reader makes the line a list item
    /// (<c>BlockKind.ListItem</c>, the marker dropped, as the HTML, DOCX and Markdown readers do). It names no word, so
    /// neither side counts it; dashes and numbers, which can be text, still count.</summary>
    private static bool IsBullet(string word) => word.All(c => c is '•' or '◦' or '▪' or '▫' or '‣' or '∙' or '●' or '○' or '■' or '□' or '\uF0B7');

    private static string WithoutBidiControls(string text, PdfWordCounting counting)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                if (counting != PdfWordCounting.Earlier)
                {
                    sb.Append(' ');
                }
            }
            else if (c is not ('\u200E' or '\u200F'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Recall, precision and order of <paramref name="text"/> against <paramref name="reference"/>, both counted
    /// as <paramref name="counting"/> says.</summary>
    public static PdfScores Score(string reference, string text, PdfWordCounting counting = PdfWordCounting.Words)
    {
        var expected = Words(reference, counting);
        var words = Words(text, counting);
        var (recall, precision) = Overlap(expected, words);
        return new PdfScores(recall, precision, Order(expected, words));
    }

    /// <summary>Recall and precision of <paramref name="words"/> against <paramref name="oracle"/> (multisets); an empty
    /// oracle counts as fully recalled.</summary>
    public static (double Recall, double Precision) Overlap(List<string> oracle, List<string> words)
    {
        if (oracle.Count == 0)
        {
            return (1, words.Count == 0 ? 1 : 0);
        }

        int common = Common(oracle, words);
        return (common / (double)oracle.Count, words.Count == 0 ? 0 : common / (double)words.Count);
    }

    public static double Order(List<string> oracle, List<string> words)
    {
        var oracleBigrams = Bigrams(oracle);
        return oracleBigrams.Count == 0 ? 1 : Common(oracleBigrams, Bigrams(words)) / (double)oracleBigrams.Count;
    }

    private static List<string> Bigrams(List<string> words)
    {
        var bigrams = new List<string>(Math.Max(0, words.Count - 1));
        for (int i = 1; i < words.Count; i++)
        {
            bigrams.Add(words[i - 1] + " " + words[i]);
        }

        return bigrams;
    }

    private static int Common(List<string> a, List<string> b)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in a)
        {
            counts[w] = counts.GetValueOrDefault(w) + 1;
        }

        int common = 0;
        foreach (var w in b)
        {
            if (counts.TryGetValue(w, out int n) && n > 0)
            {
                counts[w] = n - 1;
                common++;
            }
        }

        return common;
    }
}
