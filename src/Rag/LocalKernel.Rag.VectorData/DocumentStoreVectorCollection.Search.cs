using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.VectorData;

// Vector and hybrid search: the store ranks, the filter's store part restricts the store's search, its compiled
// predicate and the score threshold are applied to the candidates. A predicate the store cannot apply may reject
// most of the first candidates, so the candidate list grows (×4 each round) until the page is full, the store has
// no more, or the ranking has fallen below the score threshold.
public sealed partial class DocumentStoreVectorCollection
{
    // Candidates fetched per result asked for in the first round, and the growth of each further round.
    private const int CandidateFactor = 4;

    // No round asks the store for more than this many candidates (a predicate that admits almost nothing would
    // otherwise read the whole store); what passed by then is the answer.
    private const int MaxCandidates = 16_384;

    /// <summary>
    /// The chunks nearest to <paramref name="searchValue"/>: a string (embedded by the collection's generator), a
    /// <see cref="ReadOnlyMemory{T}"/> or array of floats, or an <see cref="Embedding{T}"/>. Scores are cosine
    /// similarities; <see cref="VectorSearchOptions{TRecord}.ScoreThreshold"/> drops results below it.
    /// </summary>
    /// <exception cref="NotSupportedException">The search value is of another type.</exception>
    /// <exception cref="InvalidOperationException">A string was given and the collection has no embedding generator.</exception>
    public override async IAsyncEnumerable<VectorSearchResult<DocumentChunkRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<DocumentChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<DocumentChunkRecord>();
        var vector = await VectorOfAsync(searchValue, cancellationToken).ConfigureAwait(false);
        var filter = ChunkFilter.From(options.Filter);
        var page = await FillPageAsync(
            async candidates =>
            {
                var matches = await _store.SearchVectorsAsync(vector, candidates, filter.StoreFilter, cancellationToken).ConfigureAwait(false);
                return (matches.Select(m => (m.Chunk, m.Score)).ToList(), matches.Count >= candidates);
            },
            filter, options.ScoreThreshold, options.Skip, top, options.IncludeVectors, cancellationToken).ConfigureAwait(false);
        foreach (var result in page)
        {
            yield return result;
        }
    }

    /// <summary>
    /// Hybrid search: the store's BM25 ranking of <paramref name="keywords"/> and its vector ranking of
    /// <paramref name="searchValue"/>, fused by reciprocal rank as <see cref="HybridRetriever"/> fuses them. Scores are
    /// fused RRF scores; <see cref="HybridSearchOptions{TRecord}.ScoreThreshold"/> applies to them.
    /// </summary>
    public async IAsyncEnumerable<VectorSearchResult<DocumentChunkRecord>> HybridSearchAsync<TInput>(TInput searchValue, ICollection<string> keywords, int top, HybridSearchOptions<DocumentChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new HybridSearchOptions<DocumentChunkRecord>();
        var vector = await VectorOfAsync(searchValue, cancellationToken).ConfigureAwait(false);
        var filter = ChunkFilter.From(options.Filter);
        var query = string.Join(' ', keywords);
        var page = await FillPageAsync(
            async candidates =>
            {
                var keywordMatches = await _store.SearchKeywordsAsync(query, candidates, filter.StoreFilter, cancellationToken).ConfigureAwait(false);
                var vectorMatches = await _store.SearchVectorsAsync(vector, candidates, filter.StoreFilter, cancellationToken).ConfigureAwait(false);
                var fused = ReciprocalRankFusion.Fuse(keywordMatches, vectorMatches, RetrievalOptions.Default.RrfKOrDefault);
                var byKey = keywordMatches.Concat(vectorMatches).GroupBy(m => m.Chunk.Key).ToDictionary(g => g.Key, g => g.First().Chunk);

                // Either list being full means the store may hold more candidates; fused has at most both counts.
                bool more = keywordMatches.Count >= candidates || vectorMatches.Count >= candidates;
                return (fused.Select(p => (byKey[p.ChunkKey], p.Score)).ToList(), more);
            },
            filter, options.ScoreThreshold, options.Skip, top, options.IncludeVectors, cancellationToken).ConfigureAwait(false);
        foreach (var result in page)
        {
            yield return result;
        }
    }

    /// <summary>
    /// Asks <paramref name="search"/> for more candidates each round until the filtered page is full (see the file's
    /// comment); the search returns its ranking and whether the store may hold more.
    /// </summary>
    private async Task<List<VectorSearchResult<DocumentChunkRecord>>> FillPageAsync(Func<int, Task<(List<(StoredChunk Chunk, double Score)> Ranked, bool More)>> search, ChunkFilter filter, double? threshold, int skip, int top, bool includeVectors, CancellationToken cancellationToken)
    {
        int wanted = skip + top;
        for (int candidates = Math.Min(wanted * CandidateFactor, MaxCandidates); ; candidates = Math.Min(candidates * CandidateFactor, MaxCandidates))
        {
            var (ranked, more) = await search(candidates).ConfigureAwait(false);
            var admitted = await AdmitAsync(ranked, filter, threshold, includeVectors, cancellationToken).ConfigureAwait(false);
            bool belowThreshold = threshold is { } minimum && ranked.Count > 0 && ranked[^1].Score < minimum;
            if (admitted.Count >= wanted || !more || belowThreshold || filter.Predicate is null || candidates >= MaxCandidates)
            {
                return admitted.Skip(skip).Take(top).Select(a => new VectorSearchResult<DocumentChunkRecord>(a.Record, a.Score)).ToList();
            }
        }
    }

    /// <summary>The candidates, as records, that pass the score threshold and the filter's predicate, in ranked order.</summary>
    private async Task<List<(DocumentChunkRecord Record, double Score)>> AdmitAsync(List<(StoredChunk Chunk, double Score)> ranked, ChunkFilter filter, double? threshold, bool includeVectors, CancellationToken cancellationToken)
    {
        var documents = new Dictionary<string, StoredDocument?>(StringComparer.Ordinal);
        var admitted = new List<(DocumentChunkRecord Record, double Score)>();
        foreach (var (chunk, score) in ranked)
        {
            if (threshold is { } minimum && score < minimum)
            {
                continue;
            }

            if (!documents.TryGetValue(chunk.DocumentId, out var document))
            {
                documents[chunk.DocumentId] = document = await _store.GetDocumentAsync(chunk.DocumentId, cancellationToken).ConfigureAwait(false);
            }

            if (document is null)
            {
                continue;
            }

            var record = (await ToRecordsAsync([chunk], document, includeVectors, cancellationToken).ConfigureAwait(false))[0];
            if (filter.Admits(record))
            {
                admitted.Add((record, score));
            }
        }

        return admitted;
    }

    private async Task<ReadOnlyMemory<float>> VectorOfAsync<TInput>(TInput value, CancellationToken cancellationToken) => value switch
    {
        string text => (_generator ?? throw new InvalidOperationException("A text search value needs an embedding generator: give one to the collection, or search with a vector."))
            is { } generator ? (await generator.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector : default,
        ReadOnlyMemory<float> memory => memory,
        float[] array => array,
        Embedding<float> embedding => embedding.Vector,
        _ => throw new NotSupportedException($"Search values of type {typeof(TInput).Name} are not supported: use string, ReadOnlyMemory<float>, float[] or Embedding<float>."),
    };
}
