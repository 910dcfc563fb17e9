using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKernel.Rag;

/// <summary>
/// Finds the passages of an <see cref="IDocumentStore"/> that answer a query: BM25 and vector candidates
/// fused by reciprocal rank, optionally diversified by MMR, filtered by tags and documents. Without an
/// embedding generator (or with a store that holds no vectors) it retrieves by BM25 alone.
/// </summary>
/// <remarks>Thread-safe when the store and the generator are.</remarks>
public sealed class HybridRetriever
{
    private readonly IDocumentStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;
    private readonly ILogger _logger;

    /// <summary>Creates a retriever over <paramref name="store"/>.</summary>
    /// <param name="store">The documents.</param>
    /// <param name="embeddingGenerator">Embeds queries; must be the model the store's vectors were made with. Null for BM25 only.</param>
    /// <param name="logger">Receives diagnostics; queries only at Trace.</param>
    public HybridRetriever(IDocumentStore store, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null, ILogger<HybridRetriever>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _embeddingGenerator = embeddingGenerator;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The store searched.</summary>
    public IDocumentStore Store => _store;

    /// <summary>Whether vector search takes part (an embedding generator is configured and the store has a model).</summary>
    public bool CanSearchVectors => _embeddingGenerator is not null && _store.EmbeddingModel is not null;

    /// <summary>The best passages for <paramref name="query"/>, best first.</summary>
    /// <param name="query">The user's question or search words.</param>
    /// <param name="options">How to search; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <exception cref="InvalidOperationException"><see cref="RetrievalMode.Vector"/> was asked for but vector search is not possible.</exception>
    public async Task<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        (await RetrieveWithCandidatesAsync(query, options, cancellationToken).ConfigureAwait(false)).Passages;

    /// <summary>The passages of <see cref="RetrieveAsync"/> with the candidate lists and query vector they came from: the
    /// evidence the answerer's relevance judge weighs (does the dense top also rank high in BM25, how far above the
    /// other candidates a source's cosine stands).</summary>
    internal async Task<RetrievalCandidates> RetrieveWithCandidatesAsync(string query, RetrievalOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= RetrievalOptions.Default;
        int top = options.TopOrDefault;
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var mode = options.Mode ?? RetrievalMode.Hybrid;
        if (mode == RetrievalMode.Vector && !CanSearchVectors)
        {
            throw new InvalidOperationException("Vector retrieval needs an embedding generator and a store with an embedding model.");
        }

        RetrievalLog.Query(_logger, query);
        var stopwatch = Stopwatch.StartNew();
        int candidates = Math.Max(options.CandidateCountOrDefault, top);
        bool useKeyword = mode != RetrievalMode.Vector;
        bool useVector = mode != RetrievalMode.Keyword && CanSearchVectors;

        var keywordTask = useKeyword
            ? _store.SearchKeywordsAsync(query, candidates, options.Filter, cancellationToken)
            : Task.FromResult<IReadOnlyList<ChunkMatch>>([]);
        var (queryVector, vector) = useVector ? await SearchVectorsAsync(query, candidates, options, cancellationToken).ConfigureAwait(false) : (null, []);
        var keyword = await keywordTask.ConfigureAwait(false);

        List<RetrievedPassage> fused = useKeyword && useVector
            ? ReciprocalRankFusion.Fuse(keyword, vector, options.RrfKOrDefault)
            : (useKeyword ? keyword : vector)
                .Select(m => RetrievedPassage.From(m.Chunk, m.Score, useKeyword ? RetrieverKinds.Keyword : RetrieverKinds.Vector, useKeyword ? m.Score : null, useKeyword ? null : m.Score))
                .ToList();

        if (options.OnePerDocumentOrDefault)
        {
            fused = CollapseDocuments(fused);
        }

        IReadOnlyList<RetrievedPassage> result = options.MmrLambda is { } lambda
            ? await DiversifyAsync(fused, top, Math.Clamp(lambda, 0, 1), cancellationToken).ConfigureAwait(false)
            : fused.Take(top).ToList();
        RetrievalLog.Retrieved(_logger, result.Count, keyword.Count, vector.Count, stopwatch.ElapsedMilliseconds);
        return new RetrievalCandidates(result, keyword, vector, queryVector);
    }

    /// <summary>One entry per document, at the rank of its best passage, holding the others.</summary>
    private static List<RetrievedPassage> CollapseDocuments(List<RetrievedPassage> ranked)
    {
        var order = new List<List<RetrievedPassage>>();
        var byDocument = new Dictionary<string, List<RetrievedPassage>>(StringComparer.Ordinal);
        foreach (var passage in ranked)
        {
            if (!byDocument.TryGetValue(passage.DocumentId, out var group))
            {
                byDocument[passage.DocumentId] = group = [];
                order.Add(group);
            }

            group.Add(passage);
        }

        return order.Select(g => g.Count == 1 ? g[0] : g[0] with { AlsoInDocument = g.Skip(1).ToList() }).ToList();
    }

    private async Task<(ReadOnlyMemory<float>? QueryVector, IReadOnlyList<ChunkMatch> Matches)> SearchVectorsAsync(string query, int candidates, RetrievalOptions options, CancellationToken cancellationToken)
    {
        var text = options.QueryEmbeddingPrefix is { Length: > 0 } prefix ? prefix + query : query;
        var embeddings = await _embeddingGenerator!.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != 1)
        {
            throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} embeddings for one query.");
        }

        return (embeddings[0].Vector, await _store.SearchVectorsAsync(embeddings[0].Vector, candidates, options.Filter, cancellationToken).ConfigureAwait(false));
    }

    private async Task<List<RetrievedPassage>> DiversifyAsync(List<RetrievedPassage> candidates, int top, double lambda, CancellationToken cancellationToken)
    {
        if (candidates.Count <= 1)
        {
            return candidates.Take(top).ToList();
        }

        // Vectors give the truest similarity; without them (BM25-only store) word overlap stands in.
        var vectors = _store.EmbeddingModel is null
            ? new Dictionary<long, ReadOnlyMemory<float>>()
            : await _store.GetVectorsAsync(candidates.Select(c => c.ChunkKey).ToList(), cancellationToken).ConfigureAwait(false);
        var terms = new HashSet<string>[candidates.Count];
        double Similarity(int a, int b)
        {
            if (vectors.TryGetValue(candidates[a].ChunkKey, out var va) && vectors.TryGetValue(candidates[b].ChunkKey, out var vb))
            {
                return Math.Max(0, TensorPrimitives.Dot(va.Span, vb.Span));
            }

            var ta = terms[a] ??= [.. QueryTerms.Extract(candidates[a].Text, dropStopWords: true, int.MaxValue)];
            var tb = terms[b] ??= [.. QueryTerms.Extract(candidates[b].Text, dropStopWords: true, int.MaxValue)];
            int union = ta.Count + tb.Count - ta.Count(tb.Contains);
            return union == 0 ? 0 : (double)(ta.Count + tb.Count - union) / union;
        }

        return MaximalMarginalRelevance.Select(candidates, top, lambda, Similarity);
    }
}
