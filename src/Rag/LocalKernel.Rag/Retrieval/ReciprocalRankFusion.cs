namespace LocalKernel.Rag;

/// <summary>
/// Reciprocal-rank fusion: each list gives a chunk 1 / (k + rank). Ranks, not scores, are fused because
/// BM25 scores and cosine similarities live on unrelated scales.
/// </summary>
internal static class ReciprocalRankFusion
{
    public static List<RetrievedPassage> Fuse(IReadOnlyList<ChunkMatch> keyword, IReadOnlyList<ChunkMatch> vector, int k)
    {
        var byKey = new Dictionary<long, Entry>();
        for (int rank = 0; rank < keyword.Count; rank++)
        {
            var match = keyword[rank];
            var entry = Get(byKey, match.Chunk);
            entry.Score += 1.0 / (k + rank + 1);
            entry.KeywordScore = match.Score;
            entry.KeywordRank = rank;
        }

        for (int rank = 0; rank < vector.Count; rank++)
        {
            var match = vector[rank];
            var entry = Get(byKey, match.Chunk);
            entry.Score += 1.0 / (k + rank + 1);
            entry.VectorScore = match.Score;
            entry.VectorRank = rank;
        }

        // Ties (common: rank r in one list equals rank r in the other) go to the better single rank, then to keyword, so the order is deterministic.
        return byKey.Values
            .OrderByDescending(e => e.Score)
            .ThenBy(e => Math.Min(e.KeywordRank, e.VectorRank))
            .ThenBy(e => e.KeywordRank)
            .ThenBy(e => e.Chunk.Key)
            .Select(e => RetrievedPassage.From(
                e.Chunk,
                e.Score,
                (e.KeywordScore is null ? RetrieverKinds.None : RetrieverKinds.Keyword) | (e.VectorScore is null ? RetrieverKinds.None : RetrieverKinds.Vector),
                e.KeywordScore,
                e.VectorScore))
            .ToList();
    }

    private static Entry Get(Dictionary<long, Entry> byKey, StoredChunk chunk)
    {
        if (!byKey.TryGetValue(chunk.Key, out var entry))
        {
            byKey[chunk.Key] = entry = new Entry(chunk);
        }

        return entry;
    }

    private sealed class Entry(StoredChunk chunk)
    {
        public StoredChunk Chunk { get; } = chunk;

        public double Score { get; set; }

        public double? KeywordScore { get; set; }

        public double? VectorScore { get; set; }

        public int KeywordRank { get; set; } = int.MaxValue;

        public int VectorRank { get; set; } = int.MaxValue;
    }
}
