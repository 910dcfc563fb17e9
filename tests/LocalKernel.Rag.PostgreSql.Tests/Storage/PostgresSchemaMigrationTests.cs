namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>
/// BM25's corpus counters (schema version 2) stay equal to the documents' own totals through writes, replacements and
/// deletes, and an older store is migrated when opened: counters filled (from version 1), the postings key made
/// covering (from versions 1 and 2), the version recorded, rankings unchanged.
/// </summary>
public sealed class PostgresSchemaMigrationTests : PostgresSchemaScope
{
    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Corpus_counters_follow_writes_and_deletes_and_an_older_store_is_migrated_on_open(int olderVersion)
    {
        var connection = TestPostgres.Require();
        var options = new PostgresDocumentStoreOptions { Schema = Schema };
        IReadOnlyList<ChunkMatch> before;
        await using (var store = await PostgresDocumentStore.OpenAsync(connection, null, options))
        {
            for (int d = 0; d < 20; d++)
            {
                await store.UpsertDocumentAsync(Document(d), Chunks(d, 1 + d % 4), null);
            }

            await store.UpsertDocumentAsync(Document(3), Chunks(3, 1), null);
            Assert.True(await store.DeleteDocumentAsync("doc-5"));
            Assert.Equal(3, await store.DeleteDocumentsByPathAsync("shared/path.txt"));
            Assert.Equal(await TotalsOfDocumentsAsync(), await CountersAsync());
            Assert.Equal(16L, await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{Schema}\".documents"));
            before = await store.SearchKeywordsAsync("harbour lighthouse", 10);
            Assert.NotEmpty(before);
        }

        Assert.Equal((2L, 5L), (await KeyIndexKeyColumnsAsync(), await KeyIndexColumnsAsync()));   // a new store: covering

        // What an older store looks like: a postings key of (term, chunk_key) only; version 1 had no counters.
        await TestPostgres.ScalarAsync(
            $"ALTER TABLE \"{Schema}\".postings DROP CONSTRAINT postings_pkey, ADD PRIMARY KEY (term, chunk_key); " +
            (olderVersion == 1 ? $"DROP TABLE \"{Schema}\".corpus_stats; " : string.Empty) +
            $"UPDATE \"{Schema}\".store_metadata SET value = '{olderVersion}' WHERE key = 'schema_version'; SELECT 0");
        Assert.Equal(2L, await KeyIndexColumnsAsync());
        await using (var migrated = await PostgresDocumentStore.OpenAsync(connection, null, options))
        {
            Assert.Equal(3L, await TestPostgres.ScalarAsync($"SELECT value::bigint FROM \"{Schema}\".store_metadata WHERE key = 'schema_version'"));
            Assert.Equal(await TotalsOfDocumentsAsync(), await CountersAsync());
            Assert.Equal((2L, 5L), (await KeyIndexKeyColumnsAsync(), await KeyIndexColumnsAsync()));
            var after = await migrated.SearchKeywordsAsync("harbour lighthouse", 10);
            Assert.Equal(before.Select(m => (m.Chunk.Key, Math.Round(m.Score, 9))), after.Select(m => (m.Chunk.Key, Math.Round(m.Score, 9))));

            // Vacuumed (a store without a model has no vectors table), the ranking is still the same.
            await migrated.OptimizeAsync();
            var optimized = await migrated.SearchKeywordsAsync("harbour lighthouse", 10);
            Assert.Equal(before.Select(m => (m.Chunk.Key, Math.Round(m.Score, 9))), optimized.Select(m => (m.Chunk.Key, Math.Round(m.Score, 9))));
        }
    }

    private static DocumentRecord Document(int d) =>
        new("doc-" + d, d % 7 == 2 ? "shared/path.txt" : $"docs/{d}.txt", "text/plain", "hash-" + d);

    private static List<DocumentChunk> Chunks(int d, int count) =>
        Enumerable.Range(0, count).Select(i => new DocumentChunk(i, string.Join(' ', Enumerable.Repeat(i % 2 == 0 ? "harbour" : "lighthouse keeper", 1 + (d + i) % 5)) + $" note {d} {i}", [], 4)).ToList();

    // The postings primary key's index: its key columns, and all its columns (key and included).
    private Task<long> KeyIndexKeyColumnsAsync() =>
        TestPostgres.ScalarAsync($"SELECT indnkeyatts::bigint FROM pg_index WHERE indexrelid = '\"{Schema}\".postings_pkey'::regclass");

    private Task<long> KeyIndexColumnsAsync() =>
        TestPostgres.ScalarAsync($"SELECT indnatts::bigint FROM pg_index WHERE indexrelid = '\"{Schema}\".postings_pkey'::regclass");

    private async Task<(long Chunks, long Terms)> CountersAsync() => (
        await TestPostgres.ScalarAsync($"SELECT coalesce(sum(chunk_count), 0) FROM \"{Schema}\".corpus_stats"),
        await TestPostgres.ScalarAsync($"SELECT coalesce(sum(term_total), 0) FROM \"{Schema}\".corpus_stats"));

    private async Task<(long Chunks, long Terms)> TotalsOfDocumentsAsync() => (
        await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{Schema}\".chunks"),
        await TestPostgres.ScalarAsync($"SELECT coalesce(sum(term_count), 0) FROM \"{Schema}\".chunks"));
}
