namespace LocalKernel.Rag;

/// <summary>Sentence splitting and stem overlap with a question, for snippets and extractive answers.</summary>
internal static class TextMatching
{
    /// <summary>The sentences of a passage: its lines (blocks, list items, table rows), each split by the abbreviation-
    /// and initial-aware <see cref="TextSegmenter"/>, so "bacteriologist J. Smith" stays one sentence.</summary>
    public static IReadOnlyList<string> Sentences(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(TextSegmenter.Sentences)
            .Where(s => s.Length > 0)
            .ToList();

    /// <summary>The Snowball English stems of the text's words, function words dropped.</summary>
    public static HashSet<string> Stems(string text) =>
        [.. QueryTerms.Extract(text, dropStopWords: true, int.MaxValue).Select(KeywordAnalyzer.Stem)];

    /// <summary>The sentence of <paramref name="text"/> that covers most of the question, cut to <paramref name="maxLength"/> characters at a word boundary.</summary>
    public static string Snippet(string text, WeightedQuestion question, int maxLength)
    {
        var sentences = Sentences(text);
        string best = sentences.Count == 0 ? text : sentences[0];
        double bestCoverage = 0;
        foreach (var sentence in sentences)
        {
            double coverage = question.Coverage(Stems(sentence));
            if (coverage > bestCoverage)
            {
                best = sentence;
                bestCoverage = coverage;
            }
        }

        if (best.Length <= maxLength)
        {
            return best;
        }

        int cut = best.LastIndexOf(' ', maxLength - 1);
        return best[..(cut > maxLength / 2 ? cut : maxLength - 1)].TrimEnd() + "…";
    }
}
