namespace LocalKernel.Rag;

/// <summary>
/// What the judge knows about one retrieved source (a document): the features of <see cref="RelevanceModel"/>.
/// </summary>
/// <param name="Coverage">The IDF-weighted share of the question's words its passages hold, 0..1.</param>
/// <param name="KeywordRank">1 / (1 + its rank among the BM25 candidates' documents); 0 when BM25 did not find it.</param>
/// <param name="VectorRank">1 / (1 + its rank among the vector candidates' documents); 0 when vector search did not find it (or did not run).</param>
/// <param name="Cosine">Its best passage's cosine similarity to the question; below every vector candidate, the lowest
/// candidate's (an upper bound); null without vector search.</param>
/// <param name="CosineLift">How far its cosine stands above the lowest vector candidate's: the same cosine means more when
/// the rest of the collection is far from the question. Null without vector search.</param>
internal sealed record SourceEvidence(double Coverage, double KeywordRank, double VectorRank, double? Cosine, double? CosineLift)
{
    /// <summary>Vector candidates needed before the lowest one stands for "the rest of the collection" (a store of a
    /// few documents has no such baseline).</summary>
    private const int MinCandidatesForLift = 10;

    /// <summary>The evidence of each retrieved source, in retrieval order.</summary>
    public static List<SourceEvidence> Of(RetrievalCandidates candidates, Func<RetrievedPassage, double> coverage)
    {
        var keywordRanks = DocumentRanks(candidates.Keyword);
        var vectorRanks = DocumentRanks(candidates.Vector);
        // A store of a few documents has no baseline for the vector features: it is judged by the keyword model.
        bool vectors = candidates.QueryVector is not null && candidates.Vector.Count >= MinCandidatesForLift;
        double floor = vectors ? candidates.Vector.Min(m => m.Score) : 0;
        var evidence = new List<SourceEvidence>(candidates.Passages.Count);
        foreach (var source in candidates.Passages)
        {
            double? cosine = vectors ? Math.Max(floor, source.DocumentPassages.Max(p => p.VectorScore ?? floor)) : null;
            evidence.Add(new SourceEvidence(
                coverage(source),
                keywordRanks.TryGetValue(source.DocumentId, out var k) ? 1.0 / (1 + k) : 0,
                vectorRanks.TryGetValue(source.DocumentId, out var v) ? 1.0 / (1 + v) : 0,
                cosine,
                cosine - (vectors ? floor : null)));
        }

        return evidence;
    }

    /// <summary>Each document's rank (0-based) by its best chunk in a candidate list, best first.</summary>
    private static Dictionary<string, int> DocumentRanks(IReadOnlyList<ChunkMatch> matches)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var match in matches)
        {
            ranks.TryAdd(match.Chunk.DocumentId, ranks.Count);
        }

        return ranks;
    }
}
