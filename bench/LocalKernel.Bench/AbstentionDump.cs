using System.Text.Json;
using LocalKernel.Rag;

namespace LocalKernel.Bench;

/// <summary>
/// The evidence of each claim as one JSON line, for exploring abstention rules offline (<c>scifact-abstain --dump file</c>):
/// the BM25 top 20 and dense top 20 documents with their scores and the question's terms they hold, and the answer's
/// relevance. Not used by the rule itself.
/// </summary>
internal static class AbstentionDump
{
    public static async Task WriteAsync(StreamWriter dump, SqliteDocumentStore store, HybridRetriever retriever, string split, bool inCorpus, string id, string query, Answer answer, string? queryPrefix, Dictionary<string, int> judged)
    {
        var keyword = await retriever.RetrieveAsync(query, new RetrievalOptions { Top = 20, Mode = RetrievalMode.Keyword });
        var dense = retriever.CanSearchVectors
            ? await retriever.RetrieveAsync(query, new RetrievalOptions { Top = 20, Mode = RetrievalMode.Vector, QueryEmbeddingPrefix = queryPrefix })
            : [];
        var keys = keyword.Concat(dense).SelectMany(p => p.DocumentPassages).Select(p => p.ChunkKey).Distinct().ToList();
        var stats = await store.GetKeywordStatisticsAsync(query, keys);
        object Doc(RetrievedPassage p) => new
        {
            doc = p.DocumentId,
            score = p.Score,
            rel = judged.TryGetValue(p.DocumentId, out var g) ? g : 0,
            terms = stats.Terms.Select((t, i) => (t, i)).Where(x => p.DocumentPassages.Any(q => x.t.FoundIn.Contains(q.ChunkKey))).Select(x => x.i).ToArray(),
        };
        var line = new
        {
            split,
            inCorpus,
            id,
            query,
            relevance = answer.Relevance,
            abstained = answer.Abstained,
            terms = stats.Terms.Select(t => new { t.Word, t.IndexTerm, t.Weight }).ToArray(),
            bm25 = keyword.Select(Doc).ToArray(),
            dense = dense.Select(Doc).ToArray(),
            sources = answer.Sources.Select(s => s.DocumentId).ToArray(),
        };
        await dump.WriteLineAsync(JsonSerializer.Serialize(line));
    }
}
