using System.Globalization;
using LocalKernel.Rag;

namespace LocalKernel.Bench;

/// <summary>
/// <c>scifact-abstain --fit</c>: refits <see cref="RelevanceModel"/> on the train claims only. Every retrieved source of
/// every train claim is a row of <see cref="SourceEvidence"/> features, labelled by whether the qrels call it relevant;
/// a claim's relevance is its best source's. Prints, per feature set, the train/test abstention at the threshold that
/// keeps train false abstention at or under 10 %, and the coefficient lines to paste into RelevanceModel (intercept
/// moved so that that threshold is 0.5).
/// </summary>
internal static class AbstentionFit
{
    private static readonly string[] Names = ["coverage", "keyword rank", "vector rank", "cosine", "cosine lift"];

    public sealed record Claim(string Split, bool InCorpus, List<(SourceEvidence Evidence, bool Relevant)> Sources);

    public static async Task<Claim> GatherAsync(DocumentAnswerer answerer, AnswerOptions options, string split, bool inCorpus, string question, Dictionary<string, int> judged)
    {
        var (candidates, statistics, weighted) = await answerer.GatherAsync(question, options, CancellationToken.None);
        var evidence = RelevanceJudge.Evidence(candidates, weighted, statistics, options);
        return new Claim(split, inCorpus, candidates.Passages.Select((p, i) => (evidence[i], inCorpus && judged.TryGetValue(p.DocumentId, out var g) && g > 0)).ToList());
    }

    public static void Report(IReadOnlyList<Claim> claims)
    {
        bool hybrid = claims.SelectMany(c => c.Sources).Any(s => s.Evidence.Cosine is not null);
        var sets = hybrid
            ? new[] { new[] { 0 }, [0, 1], [3], [4], [0, 3], [0, 4], [0, 2, 3], [0, 1, 2, 3, 4] }
            : new[] { new[] { 0 }, [0, 1] };
        Console.WriteLine();
        Console.WriteLine($"fit on train ({claims.Count(c => c.Split == "train")} claims, {claims.Where(c => c.Split == "train").Sum(c => c.Sources.Count)} sources), {(hybrid ? "hybrid" : "keyword only")}:");
        Console.WriteLine($"{"features",-52} {"train false (in)",17} {"train out",10} {"test false (in)",16} {"test out",9}");
        // The rule before: a source counts when it covers 0.4 of the question's weight or its cosine reaches 0.35.
        string Before(string split, bool inCorpus)
        {
            var group = claims.Where(c => c.Split == split && c.InCorpus == inCorpus).ToList();
            int abstained = group.Count(c => !c.Sources.Any(s => s.Evidence.Coverage >= 0.4 || (s.Evidence.VectorRank > 0 && s.Evidence.Cosine >= 0.35)));
            return (abstained * 100.0 / Math.Max(1, group.Count)).ToString("0.0", CultureInfo.InvariantCulture) + " %";
        }

        Console.WriteLine($"{"before: coverage >= 0.4 or cosine >= 0.35",-52} {Before("train", true),17} {Before("train", false),10} {Before("test", true),16} {Before("test", false),9}");
        foreach (var set in sets)
        {
            double[] Row(SourceEvidence e) => set.Select(i => Feature(e, i)).ToArray();
            var train = claims.Where(c => c.Split == "train").SelectMany(c => c.Sources).ToList();
            var (weights, bias) = LogisticFit.Fit(train.Select(s => Row(s.Evidence)).ToList(), train.Select(s => s.Relevant).ToList());
            double ClaimScore(Claim c) => c.Sources.Select(s => LogisticFit.Sigmoid(bias + Row(s.Evidence).Zip(weights, (x, w) => x * w).Sum())).DefaultIfEmpty(0).Max();

            // The highest threshold that abstains on at most 10 % of the train in-corpus claims.
            var trainIn = claims.Where(c => c.Split == "train" && c.InCorpus).Select(ClaimScore).Order().ToList();
            double threshold = trainIn[(int)Math.Floor(0.10 * trainIn.Count)];
            string Rate(string split, bool inCorpus)
            {
                var scores = claims.Where(c => c.Split == split && c.InCorpus == inCorpus).Select(ClaimScore).ToList();
                return (scores.Count(s => s < threshold) * 100.0 / Math.Max(1, scores.Count)).ToString("0.0", CultureInfo.InvariantCulture) + " %";
            }

            string name = string.Join(", ", set.Select(i => Names[i]));
            Console.WriteLine($"{name,-52} {Rate("train", true),17} {Rate("train", false),10} {Rate("test", true),16} {Rate("test", false),9}");
            {
                double calibrated = bias - Math.Log(threshold / (1 - threshold));
                Console.WriteLine($"  coefficients ({name}): [{string.Join(", ", weights.Select(w => w.ToString("0.####", CultureInfo.InvariantCulture)))}], bias {calibrated.ToString("0.####", CultureInfo.InvariantCulture)} (0.5 = the 10 % point; raw bias {bias.ToString("0.####", CultureInfo.InvariantCulture)}, threshold {threshold.ToString("0.####", CultureInfo.InvariantCulture)})");
            }
        }
    }

    private static double Feature(SourceEvidence e, int i) => i switch
    {
        0 => e.Coverage,
        1 => e.KeywordRank,
        2 => e.VectorRank,
        3 => e.Cosine ?? 0,
        _ => e.CosineLift ?? 0,
    };
}
