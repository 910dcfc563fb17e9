namespace LocalKernel.Rag;

/// <summary>
/// How likely a retrieved source is to answer the question, 0..1, from its <see cref="SourceEvidence"/>: a logistic
/// model, one for keyword-only retrieval and one for hybrid retrieval (vector features only mean something there).
/// </summary>
/// <remarks>
/// Fitted on BEIR SciFact's train claims only (never test): each claim's retrieved sources, labelled by whether the
/// qrels call the abstract relevant (claims of the out-of-corpus half have their abstracts removed, so every source of
/// theirs is a negative); classes weighted equally, L2 0.01; then the intercept is moved so that 0.5 is the threshold
/// keeping train false abstention at or under 10 % (<see cref="AnswerOptions.DefaultMinRelevance"/>). Refit and
/// evaluate with <c>dotnet run -c Release --project bench/LocalKernel.Bench -- scifact-abstain --fit
/// --embedding-model all-MiniLM-L6-v2.gguf</c>, which prints these lines. The hybrid coefficients are MiniLM's (kb's
/// bundled model); cosines of another model sit on another scale, so refit for it.
/// </remarks>
internal static class RelevanceModel
{
    // Keyword only: coverage, keyword rank; bias. Coverage alone: on SciFact train the fitted keyword-rank term did not
    // lower abstention out of corpus at 10 % false abstention (25.7 % vs 24.8 %; test 25.3 % vs 29.3 %), so it weighs 0
    // and 0.5 stays at the former coverage threshold 0.4.
    private static readonly double[] s_keyword = [8.0, 0.0];
    private const double KeywordBias = -3.2;

    // Hybrid: coverage, keyword rank, vector rank, cosine, cosine lift; bias. Fitted with all-MiniLM-L6-v2 (Q8_0, kb's
    // bundled model) by `scifact-abstain --fit --embedding-model all-MiniLM-L6-v2.gguf --store minilm.db`: train 9.7 %
    // false abstention / 32.7 % out of corpus; test 10.0 % / 34.7 % (coverage alone 21.5 % / 20.7 %).
    private static readonly double[] s_hybrid = [1.8724, 2.3642, 1.2221, 0.8395, 7.8588];
    private const double HybridBias = -4.0291;

    public static double Score(SourceEvidence evidence) => evidence.Cosine is { } cosine
        ? Logistic(HybridBias + Dot(s_hybrid, Features(evidence, cosine)))
        : Logistic(KeywordBias + Dot(s_keyword, [evidence.Coverage, evidence.KeywordRank]));

    /// <summary>The hybrid model's features, in the order of its coefficients.</summary>
    internal static double[] Features(SourceEvidence evidence, double cosine) =>
        [evidence.Coverage, evidence.KeywordRank, evidence.VectorRank, cosine, evidence.CosineLift ?? 0];

    private static double Dot(double[] w, double[] x)
    {
        double sum = 0;
        for (int i = 0; i < w.Length; i++)
        {
            sum += w[i] * x[i];
        }

        return sum;
    }

    private static double Logistic(double z) => 1 / (1 + Math.Exp(-z));
}
