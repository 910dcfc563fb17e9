using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace LocalKernel.Rag.VectorData;

// Vector and hybrid search: ranking, filtering, thresholds and paging all happen in SQL.
public sealed partial class SqlVectorStoreCollection<TKey, TRecord>
{
    // What HybridRetriever uses: candidates per ranking before fusion, and the fusion constant.
    private const int MinimumCandidates = 20;
    private const int RrfK = 60;

    /// <summary>
    /// The records nearest to <paramref name="searchValue"/>: a vector (<see cref="ReadOnlyMemory{T}"/> or array of
    /// floats, <see cref="Embedding{T}"/>) or a value the vector property's embedding generator embeds (e.g. a string).
    /// Scores follow the property's distance function: similarities (higher is better) or distances (lower is
    /// better); <see cref="VectorSearchOptions{TRecord}.ScoreThreshold"/> drops worse ones, in SQL.
    /// </summary>
    /// <exception cref="InvalidOperationException">The value needs an embedding generator and none is configured.</exception>
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<TRecord>();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        var vector = _model.GetVectorPropertyOrSingle(options);
        var query = await QueryVectorAsync(vector, searchValue, cancellationToken).ConfigureAwait(false);
        foreach (var result in await VectorRankingAsync(vector, query, options.Filter, top, options.Skip, options.ScoreThreshold, options.IncludeVectors, cancellationToken).ConfigureAwait(false))
        {
            yield return new VectorSearchResult<TRecord>(result.Record, result.Score);
        }
    }

    /// <summary>
    /// Hybrid search: the BM25 ranking of <paramref name="keywords"/> over a full-text property and the vector ranking
    /// of <paramref name="searchValue"/>, both filtered in SQL, fused by reciprocal rank (k = 60, as
    /// <see cref="HybridRetriever"/>). Scores are the fused scores; the score threshold applies to them.
    /// </summary>
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> HybridSearchAsync<TInput>(TInput searchValue, ICollection<string> keywords, int top, HybridSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new HybridSearchOptions<TRecord>();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip);
        var vector = _model.GetVectorPropertyOrSingle(new VectorSearchOptions<TRecord> { VectorProperty = options.VectorProperty });
        var text = _model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty);
        var query = await QueryVectorAsync(vector, searchValue, cancellationToken).ConfigureAwait(false);
        int candidates = Math.Max(MinimumCandidates, 4 * (options.Skip + top));

        var byVector = await VectorRankingAsync(vector, query, options.Filter, candidates, 0, null, options.IncludeVectors, cancellationToken).ConfigureAwait(false);
        var byKeyword = await KeywordRankingAsync(text, keywords, options.Filter, candidates, options.IncludeVectors, cancellationToken).ConfigureAwait(false);

        var fused = new Dictionary<object, (TRecord Record, double Score)>();
        foreach (var ranking in new[] { byKeyword, byVector })
        {
            for (int rank = 0; rank < ranking.Count; rank++)
            {
                var key = _model.KeyProperty.GetValueAsObject(ranking[rank].Record)!;
                var entry = fused.TryGetValue(key, out var found) ? found : (ranking[rank].Record, 0.0);
                fused[key] = (entry.Item1, entry.Item2 + 1.0 / (RrfK + rank + 1));
            }
        }

        foreach (var (record, score) in fused.Values
                     .Where(f => options.ScoreThreshold is not { } minimum || f.Score >= minimum)
                     .OrderByDescending(f => f.Score)
                     .Skip(options.Skip)
                     .Take(top))
        {
            yield return new VectorSearchResult<TRecord>(record, score);
        }
    }

    private async Task<List<(TRecord Record, double Score)>> VectorRankingAsync(VectorPropertyModel vector, ReadOnlyMemory<float> query, System.Linq.Expressions.Expression<Func<TRecord, bool>>? filter,
        int top, int skip, double? threshold, bool includeVectors, CancellationToken cancellationToken)
    {
        if (query.Length != vector.Dimensions)
        {
            throw new ArgumentException($"The search vector has {query.Length} dimensions; '{vector.ModelName}' has {vector.Dimensions}.", nameof(query));
        }

        var column = "t." + SqlDialect.Quote(vector.StorageName);
        var (score, order, higherIsBetter) = _dialect.VectorScore(SqlDialect.DistanceFunctionOf(vector), column, "@query");
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await _dialect.PrepareVectorSearchAsync(connection, transaction, skip + top, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var where = filter is null ? "TRUE" : new SqlFilterTranslator(_dialect, command).Translate(filter, _model);
        SqlDialect.AddParameter(command, "@query", _dialect.VectorToDb(query));
        SqlDialect.AddParameter(command, "@top", (long)top);
        SqlDialect.AddParameter(command, "@skip", (long)skip);
        var bound = string.Empty;
        if (threshold is { } limit)
        {
            SqlDialect.AddParameter(command, "@threshold", limit);
            bound = $" AND {score} {(higherIsBetter ? ">=" : "<=")} @threshold";
        }

        command.CommandText = $"SELECT {Columns(includeVectors)}, {score} AS \"__score\" FROM {_table} t WHERE {column} IS NOT NULL AND ({where}){bound} ORDER BY {order} LIMIT @top OFFSET @skip";
        var results = await ReadAsync(command, includeVectors, scored: true, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    private async Task<List<(TRecord Record, double Score)>> KeywordRankingAsync(DataPropertyModel text, ICollection<string> keywords, System.Linq.Expressions.Expression<Func<TRecord, bool>>? filter,
        int top, bool includeVectors, CancellationToken cancellationToken)
    {
        // The query's words as the document store reads them (stop words dropped), each a parameter value.
        var words = QueryTerms.Extract(string.Join(' ', keywords));
        if (words.Count == 0)
        {
            return [];
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = filter is null ? "TRUE" : new SqlFilterTranslator(_dialect, command).Translate(filter, _model);
        SqlDialect.AddParameter(command, "@terms", _dialect.KeywordTerms(words));
        SqlDialect.AddParameter(command, "@top", (long)top);
        command.CommandText = _dialect.KeywordQuery(Name, _model, text, Columns(includeVectors), where, "@terms", "@top");
        return await ReadAsync(command, includeVectors, scored: true, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<float>> QueryVectorAsync<TInput>(VectorPropertyModel vector, TInput value, CancellationToken cancellationToken) => value switch
    {
        ReadOnlyMemory<float> memory => memory,
        float[] array => array,
        Embedding<float> embedding => embedding.Vector,
        _ when vector.EmbeddingGenerator is IEmbeddingGenerator<TInput, Embedding<float>> generator =>
            (await generator.GenerateAsync([value], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector,
        _ => throw new InvalidOperationException(
            $"A search value of type {typeof(TInput).Name} needs an embedding generator of {typeof(TInput).Name} for '{vector.ModelName}': configure one, or search with a vector (ReadOnlyMemory<float>, float[], Embedding<float>)."),
    };
}
