using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.VectorData;

// Vector and hybrid search: the store ranks, the filter's store part restricts the store's search, its compiled
// predicate and the score threshold are applied to the candidates.
public sealed partial class DocumentStoreVectorCollection
{
    // Candidates fetched per result asked for, so a filter applied after the store's ranking still fills the page.
    private const int CandidateFactor = 4;

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
        int wanted = options.Skip + top;
        var matches = await _store.SearchVectorsAsync(vector, wanted * CandidateFactor, filter.StoreFilter, cancellationToken).ConfigureAwait(false);
        var ranked = matches.Select(m => (m.Chunk, m.Score)).ToList();
        foreach (var result in await PageAsync(ranked, filter, options.ScoreThreshold, options.Skip, top, options.IncludeVectors, cancellationToken).ConfigureAwait(false))
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
        int candidates = (options.Skip + top) * CandidateFactor;
        var keywordMatches = await _store.SearchKeywordsAsync(string.Join(' ', keywords), candidates, filter.StoreFilter, cancellationToken).ConfigureAwait(false);
        var vectorMatches = await _store.SearchVectorsAsync(vector, candidates, filter.StoreFilter, cancellationToken).ConfigureAwait(false);
        var fused = ReciprocalRankFusion.Fuse(keywordMatches, vectorMatches, RetrievalOptions.Default.RrfKOrDefault);
        var byKey = keywordMatches.Concat(vectorMatches).GroupBy(m => m.Chunk.Key).ToDictionary(g => g.Key, g => g.First().Chunk);
        var ranked = fused.Select(p => (byKey[p.ChunkKey], p.Score)).ToList();
        foreach (var result in await PageAsync(ranked, filter, options.ScoreThreshold, options.Skip, top, options.IncludeVectors, cancellationToken).ConfigureAwait(false))
        {
            yield return result;
        }
    }

    private async Task<List<VectorSearchResult<DocumentChunkRecord>>> PageAsync(List<(StoredChunk Chunk, double Score)> ranked, ChunkFilter filter, double? threshold, int skip, int top, bool includeVectors, CancellationToken cancellationToken)
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

        return admitted.Skip(skip).Take(top).Select(a => new VectorSearchResult<DocumentChunkRecord>(a.Record, a.Score)).ToList();
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
