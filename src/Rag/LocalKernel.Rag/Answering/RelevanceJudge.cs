namespace LocalKernel.Rag;

/// <summary>
/// Decides from the evidence which retrieved sources answer the question (<see cref="AnswerOptions.MinRelevance"/>):
/// each source (a document with its retrieved passages) gets a relevance, 0..1, from <see cref="RelevanceModel"/> over
/// its <see cref="SourceEvidence"/> — above all the share of the question's IDF-weighted terms its passages hold, and with
/// vector search how close and how distinct its meaning is. A single shared keyword no longer counts: "What is the
/// capital of Mars?" shares "capital" with an atlas, but "mars", found nowhere, carries most of the question's weight.
/// </summary>
internal static class RelevanceJudge
{
    // Words that frame a question rather than name its topic ("what does X mean", "explain Y"): still searched, but a
    // document need not contain them to answer, so they do not count against its coverage.
    private static readonly HashSet<string> FramingWords = new(StringComparer.Ordinal)
    {
        "mean", "means", "meaning", "explain", "describe", "tell", "show", "list", "give", "happen", "happens", "work", "works", "use",
    };

    public static (List<RetrievedPassage> Relevant, double Relevance) Judge(RetrievalCandidates candidates, WeightedQuestion question, KeywordStatistics? statistics, AnswerOptions options)
    {
        var evidence = Evidence(candidates, question, statistics, options);
        var relevant = new List<RetrievedPassage>();
        double best = 0;
        for (int i = 0; i < evidence.Count; i++)
        {
            double relevance = RelevanceModel.Score(evidence[i]);
            best = Math.Max(best, relevance);
            bool byVector = options.MinVectorSimilarity is { } minimum && evidence[i].Cosine >= minimum;
            if (byVector || relevance >= options.MinRelevanceOrDefault)
            {
                relevant.Add(candidates.Passages[i]);
            }
        }

        return (relevant, best);
    }

    /// <summary>The evidence of each retrieved source, in retrieval order (also what the SciFact bench fits the model on).</summary>
    public static List<SourceEvidence> Evidence(RetrievalCandidates candidates, WeightedQuestion question, KeywordStatistics? statistics, AnswerOptions options) =>
        SourceEvidence.Of(candidates, source => KeywordCoverage(source, question, statistics, options));

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
