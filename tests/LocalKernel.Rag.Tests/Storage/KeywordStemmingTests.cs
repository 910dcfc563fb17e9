using Microsoft.Data.Sqlite;

namespace LocalKernel.Rag.Tests;

/// <summary>Snowball English stemming of the keyword index, the prefix fallback for absent terms, keyword statistics, and older stores.</summary>
public sealed class KeywordStemmingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("When did the king die?", "The old king died in 1204 after a long illness.")]
    [InlineData("running marathons", "She runs a marathon every year.")]
    public async Task Snowball_matches_forms_that_Porter_splits(string query, string text)
    {
        using var store = SqliteDocumentStore.Open(_temp.File("s.db"));
        await TestData.WriteAsync(store, null, "doc", text);
        await TestData.WriteAsync(store, null, "other", "An unrelated passage about bread and flour.");

        var matches = await store.SearchKeywordsAsync(query, 5);

        Assert.Equal(KeywordStemming.SnowballEnglish, store.KeywordStemming);
        Assert.Equal("doc", matches[0].Chunk.DocumentId);
    }

    [Fact]
    public async Task A_term_absent_from_the_index_falls_back_to_its_longest_indexed_prefix()
    {
        using var store = SqliteDocumentStore.Open(_temp.File("p.db"));
        await TestData.WriteAsync(store, null, "sepsis", "Septicemic plague spreads through the blood.");
        await TestData.WriteAsync(store, null, "other", "Bubonic forms swell the lymph nodes.");

        var matches = await store.SearchKeywordsAsync("septicemia", 5);
        var statistics = await store.GetKeywordStatisticsAsync("septicemia", [matches[0].Chunk.Key]);

        Assert.Equal("sepsis", Assert.Single(matches).Chunk.DocumentId);
        var term = Assert.Single(statistics.Terms);
        Assert.EndsWith("*", term.IndexTerm, StringComparison.Ordinal);
        Assert.Equal(1, term.ChunkFrequency);
        Assert.Equal(1.0, statistics.Coverage([matches[0].Chunk.Key]));
    }

    [Fact]
    public async Task Statistics_weigh_rare_words_more_and_an_absent_word_as_the_rarest()
    {
        using var store = SqliteDocumentStore.Open(_temp.File("w.db"));
        for (int i = 0; i < 8; i++)
        {
            await TestData.WriteAsync(store, null, "city" + i, $"The capital city number {i} has a river.");
        }

        var statistics = await store.GetKeywordStatisticsAsync("capital of Mars", []);

        var capital = statistics.Terms.Single(t => t.Word == "capital");
        var mars = statistics.Terms.Single(t => t.Word == "mars");
        Assert.Equal(8, capital.ChunkFrequency);
        Assert.Equal(0, mars.ChunkFrequency);
        Assert.True(mars.Weight > 4 * capital.Weight, $"mars {mars.Weight}, capital {capital.Weight}");
    }

    [Fact]
    public async Task A_version_1_Porter_store_is_still_read_and_searched_with_Porter()
    {
        var path = _temp.File("v1.db");
        using (var store = SqliteDocumentStore.Open(path, options: new SqliteDocumentStoreOptions { Stemming = KeywordStemming.Porter }))
        {
            await TestData.WriteAsync(store, null, "doc", "Settlers settled the valley.");
        }

        // What a store written before the stemming choice looks like: schema 1, no keyword_stemmer record.
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM index_metadata WHERE key = 'keyword_stemmer'; UPDATE index_metadata SET value = '1' WHERE key = 'schema_version';";
            command.ExecuteNonQuery();
        }

        using var reopened = SqliteDocumentStore.Open(path);

        Assert.Equal(KeywordStemming.Porter, reopened.KeywordStemming);
        Assert.Equal("doc", Assert.Single(await reopened.SearchKeywordsAsync("settling", 5)).Chunk.DocumentId);
    }

    [Fact]
    public void A_store_of_a_newer_schema_is_refused_with_its_version()
    {
        var path = _temp.File("v9.db");
        using (SqliteDocumentStore.Open(path))
        {
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE index_metadata SET value = '9' WHERE key = 'schema_version';";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidDataException>(() => SqliteDocumentStore.Open(path));
        Assert.Contains("schema version 9", error.Message, StringComparison.Ordinal);
    }
}
