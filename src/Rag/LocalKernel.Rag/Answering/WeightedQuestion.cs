namespace LocalKernel.Rag;

/// <summary>
/// The question's words as stems, each with how much it tells (its inverse document frequency in the store when the
/// store reports one, else 1), for judging how much of the question a sentence or a passage covers.
/// </summary>
internal sealed class WeightedQuestion
{
    private readonly Dictionary<string, double> _weights;

    // Terms the index lacked, searched by a prefix instead: a sentence word with that prefix covers them.
    private readonly List<(string Prefix, string Stem)> _prefixes;

    private WeightedQuestion(Dictionary<string, double> weights, List<(string Prefix, string Stem)> prefixes)
    {
        _weights = weights;
        _prefixes = prefixes;
        TotalWeight = weights.Values.Sum();
    }

    public double TotalWeight { get; }

    public int Count => _weights.Count;

    public static WeightedQuestion From(string question, KeywordStatistics? statistics)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        var prefixes = new List<(string, string)>();
        foreach (var word in QueryTerms.Extract(question, dropStopWords: true, int.MaxValue))
        {
            var stem = KeywordAnalyzer.Stem(word);
            var term = statistics?.Terms.FirstOrDefault(t => t.Word == word);
            weights[stem] = term?.Weight ?? 1.0;
            if (term is not null && term.IndexTerm.EndsWith('*'))
            {
                prefixes.Add((term.IndexTerm[..^1], stem));
            }
        }

        return new WeightedQuestion(weights, prefixes);
    }

    /// <summary>The question's stems that <paramref name="textStems"/> holds (directly or through a stand-in prefix).</summary>
    public HashSet<string> Matched(IReadOnlySet<string> textStems)
    {
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stem in textStems)
        {
            if (_weights.ContainsKey(stem))
            {
                matched.Add(stem);
            }

            foreach (var (prefix, questionStem) in _prefixes)
            {
                if (stem.StartsWith(prefix, StringComparison.Ordinal))
                {
                    matched.Add(questionStem);
                }
            }
        }

        return matched;
    }

    public double Weight(string stem) => _weights.TryGetValue(stem, out var w) ? w : 0;

    /// <summary>The share of the question's weight that <paramref name="textStems"/> covers, 0..1.</summary>
    public double Coverage(IReadOnlySet<string> textStems) =>
        TotalWeight <= 0 ? 0 : Matched(textStems).Sum(Weight) / TotalWeight;
}
