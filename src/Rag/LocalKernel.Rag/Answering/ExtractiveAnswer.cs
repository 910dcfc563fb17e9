using System.Globalization;

namespace LocalKernel.Rag;

/// <summary>
/// The answer without a chat model: sentences of the sources chosen greedily by how much of the question they add
/// (IDF-weighted stems not yet covered by the sentences already chosen), discounted by their source's rank, skipping
/// near-duplicates, then shown in source order, each with its source number.
/// </summary>
internal static class ExtractiveAnswer
{
    // A source at rank r (0-based) counts 1 / (1 + RankDiscount × r): the best passage wins ties and near-ties.
    private const double RankDiscount = 0.35;

    // Question terms a sentence repeats still count a little (among sentences that add a new one), so it stays on the topic.
    private const double RepeatWeight = 0.2;

    // Sentences sharing this much of their stems (Jaccard) with a chosen one say the same thing.
    private const double NearDuplicate = 0.6;

    // Fewer words than this are headings or fragments, not statements: their score is scaled down.
    private const int ShortSentenceWords = 6;

    public static (string Text, List<int> Cited) Build(IReadOnlyList<RetrievedPassage> sources, WeightedQuestion question, int maxSentences)
    {
        var candidates = new List<Candidate>();
        for (int s = 0; s < sources.Count; s++)
        {
            int position = 0;
            foreach (var passage in sources[s].DocumentPassages)
            {
                foreach (var sentence in TextMatching.Sentences(passage.Text))
                {
                    var stems = TextMatching.Stems(sentence);
                    candidates.Add(new Candidate(sentence, s + 1, position++, stems, question.Matched(stems), TextSegmenter.Words(sentence).Length));
                }
            }
        }

        var chosen = new List<Candidate>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        while (chosen.Count < maxSentences)
        {
            Candidate? best = null;
            double bestScore = 0;
            foreach (var c in candidates)
            {
                // After the first sentence, each one must add a question term the others lack.
                if (chosen.Contains(c) || chosen.Any(o => IsNearDuplicate(o, c)) || (chosen.Count > 0 && c.Matched.IsSubsetOf(covered)))
                {
                    continue;
                }

                double gain = c.Matched.Sum(t => question.Weight(t) * (covered.Contains(t) ? RepeatWeight : 1.0));
                double score = gain / (1 + (RankDiscount * (c.Source - 1))) * Math.Min(1.0, (double)c.Words / ShortSentenceWords);
                if (score > bestScore)
                {
                    best = c;
                    bestScore = score;
                }
            }

            if (best is null)
            {
                break;
            }

            chosen.Add(best);
            covered.UnionWith(best.Matched);
        }

        if (chosen.Count == 0)
        {
            // Found by meaning, not by words: the best source's opening is the honest extract.
            chosen = candidates.Where(c => c.Source == 1).Take(maxSentences).ToList();
        }

        var ordered = chosen.OrderBy(c => c.Source).ThenBy(c => c.Position).ToList();
        var text = string.Join("\n", ordered.Select(c => c.Sentence + " [" + c.Source.ToString(CultureInfo.InvariantCulture) + "]"));
        return (text, ordered.Select(c => c.Source).Distinct().ToList());
    }

    private static bool IsNearDuplicate(Candidate a, Candidate b)
    {
        if (string.Equals(a.Sentence, b.Sentence, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        int shared = a.Stems.Count(b.Stems.Contains);
        int union = a.Stems.Count + b.Stems.Count - shared;
        return union > 0 && (double)shared / union >= NearDuplicate;
    }

    private sealed record Candidate(string Sentence, int Source, int Position, HashSet<string> Stems, HashSet<string> Matched, int Words);
}
