using LocalKernel.Rag.VectorData;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>
/// BM25's corpus statistics of a PostgreSQL record collection (record count, average length) live in a table of one
/// row per record and full-text field, kept in step with upserts, replacements and deletes.
/// </summary>
public sealed class PostgresKeywordStatisticsTests : PostgresSchemaScope
{
    [SkippableFact]
    public async Task Lengths_follow_upserts_replacements_and_deletes()
    {
        using VectorStore store = new PostgresVectorStore(TestPostgres.Require(), new SqlVectorStoreOptions { Schema = Schema, EmbeddingGenerator = FakeEmbeddingGenerator.HashingBagOfWords() });
        var hotels = store.GetCollection<string, Hotel>("hotels");
        await hotels.EnsureCollectionExistsAsync();
        await hotels.UpsertAsync([Hotel("a", "rooftop pool over the harbour"), Hotel("b", "quiet mill"), Hotel("c", "")]);
        Assert.Equal((3, 5), await StatisticsAsync());

        await hotels.UpsertAsync(Hotel("b", "quiet rooms in a restored water mill by the river"));
        Assert.Equal((3, 9), await StatisticsAsync());

        await hotels.DeleteAsync(["a", "c"]);
        Assert.Equal((1, 6), await StatisticsAsync());
        var hits = await ((IKeywordHybridSearchable<Hotel>)hotels).HybridSearchAsync("river mill", ["river", "mill"], 5).ToListAsync();
        Assert.Equal(["b"], hits.Select(h => h.Record.Id));
    }

    private static Hotel Hotel(string id, string description) => new() { Id = id, Name = id, Description = description, Embedding = description };

    /// <summary>Rows and total stemmed length ("in", "a", "by", "the", "over" are English stop words).</summary>
    private async Task<(long Rows, long Length)> StatisticsAsync() => (
        await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{Schema}\".\"hotels__lengths\""),
        await TestPostgres.ScalarAsync($"SELECT coalesce(sum(len), 0) FROM \"{Schema}\".\"hotels__lengths\""));
}
