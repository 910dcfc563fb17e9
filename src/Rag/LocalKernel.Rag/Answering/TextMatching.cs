using System.Text.RegularExpressions;

namespace LocalKernel.Rag;

/// <summary>Sentence splitting and word overlap with a question, for snippets and extractive answers.</summary>
internal static partial class TextMatching
{
    public static IReadOnlyList<string> Sentences(string text) =>
        SentenceBreak().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    /// <summary>Terms reduced by a crude suffix strip, so "runs" meets "running" without a full stemmer.</summary>
    public static HashSet<string> Terms(string text) =>
        [.. QueryTerms.Extract(text, dropStopWords: true, int.MaxValue).Select(Reduce)];

    /// <summary>How well a sentence answers: distinct question terms it holds, damped by its length.</summary>
    public static double Overlap(HashSet<string> questionTerms, string sentence)
    {
        var terms = Terms(sentence);
        int shared = terms.Count(questionTerms.Contains);
        return shared == 0 ? 0 : shared / Math.Sqrt(terms.Count + 4);
    }

    /// <summary>The sentence of <paramref name="text"/> closest to the question, cut to <paramref name="maxLength"/> characters at a word boundary.</summary>
    public static string Snippet(string text, HashSet<string> questionTerms, int maxLength)
    {
        var sentences = Sentences(text);
        var best = sentences.Count == 0 ? text : sentences.MaxBy(s => Overlap(questionTerms, s))!;
        if (Overlap(questionTerms, best) == 0 && sentences.Count > 0)
        {
            best = sentences[0];
        }

        if (best.Length <= maxLength)
        {
            return best;
        }

        int cut = best.LastIndexOf(' ', maxLength - 1);
        return best[..(cut > maxLength / 2 ? cut : maxLength - 1)].TrimEnd() + "…";
    }

    private static string Reduce(string term)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed", "es", "s"])
        {
            if (term.Length > suffix.Length + 3 && term.EndsWith(suffix, StringComparison.Ordinal))
            {
                return term[..^suffix.Length];
            }
        }

        return term;
    }

    // A sentence ends at . ! ? (optionally closed by a quote or bracket) before space and a capital or digit, or at a line break.
    [GeneratedRegex(@"(?<=[.!?][""')\]]?)\s+(?=[\p{Lu}\d""'(\[])|\n+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();
}
