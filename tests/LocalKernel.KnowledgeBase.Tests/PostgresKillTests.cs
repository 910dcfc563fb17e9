using System.Diagnostics;
using LocalKernel.Testing;

namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>
/// <c>kb ingest</c> into PostgreSQL SIGKILLed mid-way: the store holds only complete documents (every document's
/// chunks and postings, BM25's counters equal to what is stored), and running the same command again ends with exactly
/// what an uninterrupted run stores. Needs LOCALKERNEL_TEST_POSTGRES (required in CI).
/// </summary>
public sealed class PostgresKillTests
{
    private const int FileCount = 1200;

    [SkippableFact(Timeout = 600_000)]
    public async Task A_killed_kb_ingest_leaves_complete_documents_and_a_rerun_ends_as_an_uninterrupted_run()
    {
        var server = KbPostgres.Require();
        using var docs = new SampleDocs();
        var folder = Path.Combine(docs.Root, "many");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < FileCount; i++)
        {
            // Some files long enough for several chunks, so a half-written document would show.
            var paragraphs = Enumerable.Range(0, 1 + (i % 7 == 0 ? 30 : i % 4)).Select(p => $"Paragraph {p} of note {i}: the pump station {i % 13} logs pressure {p * i % 97} kPa.");
            File.WriteAllText(Path.Combine(folder, $"note-{i:0000}.md"), $"# Note {i}\n\n" + string.Join("\n\n", paragraphs) + "\n");
        }

        var (killedSchema, killedStore) = KbPostgres.NewStore(server);
        var (referenceSchema, referenceStore) = KbPostgres.NewStore(server);
        try
        {
            int atKill = await IngestAndKillAsync(docs.Root, folder, killedStore, server, killedSchema);
            Assert.InRange(atKill, 1, FileCount - 1);
            await AssertCompleteAsync(server, killedSchema);

            var rerun = await KbProcess.RunAsync(docs.Root, ["ingest", folder, "--store", killedStore]);
            Assert.True(rerun.ExitCode == 0, rerun.ToString());
            var reference = await KbProcess.RunAsync(docs.Root, ["ingest", folder, "--store", referenceStore]);
            Assert.True(reference.ExitCode == 0, reference.ToString());

            await AssertCompleteAsync(server, killedSchema);
            Assert.Equal(await CountsAsync(server, referenceSchema), await CountsAsync(server, killedSchema));
            Assert.Equal(FileCount, (await CountsAsync(server, killedSchema)).Documents);
        }
        finally
        {
            await KbPostgres.DropAsync(server, killedSchema);
            await KbPostgres.DropAsync(server, referenceSchema);
        }
    }

    /// <summary>Starts kb ingest and SIGKILLs it once some documents are stored; returns how many were stored then.</summary>
    private static async Task<int> IngestAndKillAsync(string root, string folder, string store, string server, string schema)
    {
        using var process = Process.Start(KbStartInfo.Create(root, ["ingest", folder, "--store", store]))!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        long stored = 0;
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            // The store's tables appear when kb has opened it.
            bool created = await KbPostgres.ScalarAsync(server, $"SELECT (to_regclass('\"{schema}\".documents') IS NOT NULL)::int") == 1;
            stored = created ? await KbPostgres.ScalarAsync(server, $"SELECT count(*) FROM \"{schema}\".documents") : 0;
            if (stored >= 40)
            {
                process.Kill(); // SIGKILL on Unix: no handler runs
                break;
            }

            await Task.Delay(20);
        }

        await process.WaitForExitAsync();
        Assert.True(stored >= 40, "kb ingest finished (or never started writing) before it could be killed; the test proves nothing");
        return (int)await KbPostgres.ScalarAsync(server, $"SELECT count(*) FROM \"{schema}\".documents");
    }

    /// <summary>Every stored document has all its chunks, every chunk its postings, and BM25's counters match.</summary>
    private static async Task AssertCompleteAsync(string server, string schema)
    {
        var s = "\"" + schema + "\"";
        Assert.Equal(0, await KbPostgres.ScalarAsync(server, $"""
            SELECT count(*) FROM {s}.documents d
            WHERE d.chunk_count <> (SELECT count(*) FROM {s}.chunks c WHERE c.document_key = d.doc_key)
               OR d.chunk_count = 0
               OR EXISTS (SELECT 1 FROM {s}.chunks c WHERE c.document_key = d.doc_key AND NOT EXISTS (SELECT 1 FROM {s}.postings p WHERE p.chunk_key = c.chunk_key))
            """));
        Assert.Equal(
            await KbPostgres.ScalarAsync(server, $"SELECT count(*) FROM {s}.chunks"),
            await KbPostgres.ScalarAsync(server, $"SELECT coalesce(sum(chunk_count), 0) FROM {s}.corpus_stats"));
    }

    private static async Task<(long Documents, long Chunks, long Postings)> CountsAsync(string server, string schema) => (
        await KbPostgres.ScalarAsync(server, $"SELECT count(*) FROM \"{schema}\".documents"),
        await KbPostgres.ScalarAsync(server, $"SELECT count(*) FROM \"{schema}\".chunks"),
        await KbPostgres.ScalarAsync(server, $"SELECT count(*) FROM \"{schema}\".postings"));
}
