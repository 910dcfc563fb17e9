namespace LocalKernel.Rag;

/// <summary>Splits text into sentences, lines and words for the chunker's fallbacks.</summary>
internal static class TextSegmenter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "cf", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig", "figs", "eq", "approx", "inc", "ltd", "jr", "sr",
        "al", "vol", "pp", "ca", "viz", "resp", "dept", "univ", "gen", "col", "lt", "sgt", "rev", "hon", "mt", "ft", "co", "corp",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    /// <summary>Sentences of <paramref name="text"/>: a sentence ends at . ! ? … (or a CJK full stop) followed by
    /// whitespace, unless the period closes a known abbreviation ("e.g.", "et al.", "Fig."), an initial ("J. Smith") or a
    /// dotted acronym ("U.S."); each keeps its punctuation.</summary>
    public static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool cjk = c is '。' or '！' or '？';
            if (!cjk && c is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            int end = i + 1;
            while (end < text.Length && text[end] is '.' or '!' or '?' or '"' or '\'' or ')' or '”' or '’' or '»')
            {
                end++;
            }

            if (!cjk && (end < text.Length && !char.IsWhiteSpace(text[end])))
            {
                continue; // "3.14", "example.com"
            }

            if (!cjk && c == '.' && (IsAbbreviation(text, start, i)))
            {
                continue;
            }

            Add(sentences, text, start, end);
            start = end;
            i = end - 1;
        }

        Add(sentences, text, start, text.Length);
        return sentences;
    }

    /// <summary>Non-empty lines of <paramref name="text"/>.</summary>
    public static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();

    /// <summary>Whitespace-separated words of <paramref name="text"/>.</summary>
    public static string[] Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        int wordStart = dot;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]))
        {
            wordStart--;
        }

        string word = text[wordStart..dot].TrimStart('(', '"', '\'');
        return (word.Length == 1 && char.IsUpper(word[0])) || Abbreviations.Contains(word) || IsDottedAcronym(word);
    }

    /// <summary>"U.S", "Ph.D", "e.g": single letters (or two, as in "Ph") joined by periods.</summary>
    private static bool IsDottedAcronym(string word)
    {
        var parts = word.Split('.');
        return parts.Length > 1 && parts.All(p => p.Length is 1 or 2 && p.All(char.IsLetter));
    }

    private static void Add(List<string> sentences, string text, int start, int end)
    {
        string sentence = text[start..end].Trim();
        if (sentence.Length > 0)
        {
            sentences.Add(sentence);
        }
    }
}
