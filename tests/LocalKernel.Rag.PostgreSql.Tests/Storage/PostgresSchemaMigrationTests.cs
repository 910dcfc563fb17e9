namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>
/// BM25's corpus counters (schema version 2) stay equal to the documents' own totals through writes, replacements and
/// deletes, and a version 1 store is migrated when opened: counters filled, version recorded, rankings unchanged.
/// </summary>
public sealed class PostgresSchemaMigrationTests : PostgresSchemaScope
{
    [SkippableFact]
    public async Task Corpus_counters_follow_writes_and_deletes_and_a_version_1_store_is_migrated_on_open()
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

        // What a version 1 store looks like: no counters, version 1 recorded.
        await TestPostgres.ScalarAsync($"DROP TABLE \"{Schema}\".corpus_stats; UPDATE \"{Schema}\".store_metadata SET value = '1' WHERE key = 'schema_version'; SELECT 0");
        await using (var migrated = await PostgresDocumentStore.OpenAsync(connection, null, options))
        {
            Assert.Equal(2L, await TestPostgres.ScalarAsync($"SELECT value::bigint FROM \"{Schema}\".store_metadata WHERE key = 'schema_version'"));
            Assert.Equal(await TotalsOfDocumentsAsync(), await CountersAsync());
            var after = await migrated.SearchKeywordsAsync("harbour lighthouse", 10);
            Assert.Equal(before.Select(m => (m.Chunk.Key, Math.Round(m.Score, 9))), after.Select(m => (m.Chunk.Key, Math.Round(m.Score, 9))));
        }
    }

    private static DocumentRecord Document(int d) =>
        new("doc-" + d, d % 7 == 2 ? "shared/path.txt" : $"docs/{d}.txt", "text/plain", "hash-" + d);

    private static List<DocumentChunk> Chunks(int d, int count) =>
        Enumerable.Range(0, count).Select(i => new DocumentChunk(i, string.Join(' ', Enumerable.Repeat(i % 2 == 0 ? "harbour" : "lighthouse keeper", 1 + (d + i) % 5)) + $" note {d} {i}", [], 4)).ToList();

    private async Task<(long Chunks, long Terms)> CountersAsync() => (
        await TestPostgres.ScalarAsync($"SELECT coalesce(sum(chunk_count), 0) FROM \"{Schema}\".corpus_stats"),
        await TestPostgres.ScalarAsync($"SELECT coalesce(sum(term_total), 0) FROM \"{Schema}\".corpus_stats"));

    private async Task<(long Chunks, long Terms)> TotalsOfDocumentsAsync() => (
        await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{Schema}\".chunks"),
        await TestPostgres.ScalarAsync($"SELECT coalesce(sum(term_count), 0) FROM \"{Schema}\".chunks"));
}
