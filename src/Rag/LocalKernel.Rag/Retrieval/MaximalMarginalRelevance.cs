namespace LocalKernel.Rag;

/// <summary>
/// Greedy maximal-marginal-relevance selection (Carbonell &amp; Goldstein, 1998): trades relevance against
/// redundancy so that five near-copies of one paragraph do not crowd out the second-best fact.
/// </summary>
internal static class MaximalMarginalRelevance
{
    /// <param name="candidates">Candidates, best first.</param>
    /// <param name="top">How many to select.</param>
    /// <param name="lambda">Weight of relevance against diversity, 0..1.</param>
    /// <param name="similarity">Similarity of two candidates (by index), 0..1.</param>
    public static List<RetrievedPassage> Select(IReadOnlyList<RetrievedPassage> candidates, int top, double lambda, Func<int, int, double> similarity)
    {
        if (candidates.Count == 0 || top <= 0)
        {
            return [];
        }

        // Scores are divided by the best so relevance is on the 0..1 scale of similarity. Not min-max: that
        // would give the last candidate zero relevance however good it is, and with few candidates that
        // makes a near-duplicate of the first beat a different, almost as relevant passage.
        double max = candidates.Max(c => c.Score);
        var relevance = candidates.Select(c => max > 0 ? Math.Max(0, c.Score) / max : 1.0).ToArray();

        var selected = new List<int>();
        var maxSimilarity = new double[candidates.Count];
        var taken = new bool[candidates.Count];
        while (selected.Count < Math.Min(top, candidates.Count))
        {
            int best = -1;
            double bestValue = double.NegativeInfinity;
            for (int i = 0; i < candidates.Count; i++)
            {
                if (taken[i])
                {
                    continue;
                }

                double value = (lambda * relevance[i]) - ((1 - lambda) * maxSimilarity[i]);
                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }

            taken[best] = true;
            selected.Add(best);
            for (int i = 0; i < candidates.Count; i++)
            {
                if (!taken[i])
                {
                    maxSimilarity[i] = Math.Max(maxSimilarity[i], similarity(i, best));
                }
            }
        }

        return selected.Select(i => candidates[i]).ToList();
    }
}
