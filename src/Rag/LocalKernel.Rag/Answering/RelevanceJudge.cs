namespace LocalKernel.Rag;

/// <summary>
/// Decides from the evidence which retrieved sources answer the question (<see cref="AnswerOptions.MinRelevance"/>):
/// each source (a document with its retrieved passages) is scored by the share of the question's IDF-weighted terms
/// its passages hold, or by its vector similarity. A single shared keyword no longer counts: "What is the capital of
/// Mars?" shares "capital" with an atlas, but "mars", found nowhere, carries most of the question's weight.
/// </summary>
internal static class RelevanceJudge
{
    // Words that frame a question rather than name its topic ("what does X mean", "explain Y"): still searched, but a
    // document need not contain them to answer, so they do not count against its coverage.
    private static readonly HashSet<string> FramingWords = new(StringComparer.Ordinal)
    {
        "mean", "means", "meaning", "explain", "describe", "tell", "show", "list", "give", "happen", "happens", "work", "works", "use",
    };

    public static (List<RetrievedPassage> Relevant, double Relevance) Judge(IReadOnlyList<RetrievedPassage> retrieved, WeightedQuestion question, KeywordStatistics? statistics, AnswerOptions options)
    {
        var relevant = new List<RetrievedPassage>();
        double best = 0;
        foreach (var source in retrieved)
        {
            double coverage = KeywordCoverage(source, question, statistics, options);
            bool byVector = source.DocumentPassages.Any(p => p.VectorScore is { } v && v >= options.MinVectorSimilarityOrDefault);
            double vector = source.DocumentPassages.Max(p => p.VectorScore ?? 0);
            double relevance = byVector ? Math.Max(coverage, vector) : coverage;
            best = Math.Max(best, relevance);
            if (byVector || coverage >= options.MinRelevanceOrDefault)
            {
                relevant.Add(source);
            }
        }

        return (relevant, best);
    }

    /// <summary>The source's share of the question's weighted terms, from the store's index when it reports one, else from the text.</summary>
    private static double KeywordCoverage(RetrievedPassage source, WeightedQuestion question, KeywordStatistics? statistics, AnswerOptions options)
    {
        var passages = source.DocumentPassages.Where(p => p.KeywordScore is { } k && k > options.MinKeywordScoreOrDefault).ToList();
        if (passages.Count == 0)
        {
            return 0;
        }

        if (statistics is not null && statistics.Terms.Any(t => !FramingWords.Contains(t.Word)))
        {
            return new KeywordStatistics(statistics.ChunkCount, statistics.Terms.Where(t => !FramingWords.Contains(t.Word)).ToList())
                .Coverage(passages.Select(p => p.ChunkKey));
        }

        // A store without statistics: every question word weighs the same, matched on the passage text and headings.
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in passages)
        {
            stems.UnionWith(TextMatching.Stems(p.Text + "\n" + p.Title + "\n" + p.Breadcrumb));
        }

        return question.Coverage(stems);
    }
}
