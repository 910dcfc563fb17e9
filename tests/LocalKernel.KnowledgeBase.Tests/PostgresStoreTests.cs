using Npgsql;

namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>
/// <c>kb</c> with <c>--store</c> naming a PostgreSQL database: every command works on it, two processes ingesting the
/// same folder at once end with one document per file while a third ingests another folder and a fourth searches,
/// and a password never reaches the output. Needs
/// LOCALKERNEL_TEST_POSTGRES (skipped with that reason without it; CI sets LOCALKERNEL_TEST_POSTGRES_REQUIRED=1).
/// </summary>
public sealed class PostgresStoreTests
{
    [Fact(Timeout = 600_000)]
    public async Task Config_show_keeps_a_connection_string_as_it_is_and_hides_its_password()
    {
        using var docs = new SampleDocs();
        var run = await KbProcess.RunAsync(docs.Root, ["config", "show", "--store", "postgres://kb:s3cret-pw@db.example:6543/knowledge"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PostgreSQL db.example:6543/knowledge", run.Stdout);
        Assert.DoesNotContain("s3cret-pw", run.Stdout + run.Stderr);
        Assert.DoesNotContain(Path.Combine(docs.Root, "postgres:"), run.Stdout);
    }

    [SkippableFact(Timeout = 600_000)]
    public async Task Every_command_works_on_postgres_and_concurrent_ingests_and_reads_end_with_one_document_per_file()
    {
        var server = KbPostgres.Require();
        var (schema, store) = KbPostgres.NewStore(server);
        using var docs = new SampleDocs();
        try
        {
            // A second folder, ingested by a third process at the same time, while a fourth keeps searching.
            var notes = Path.Combine(docs.Root, "notes");
            Directory.CreateDirectory(notes);
            for (int i = 0; i < 6; i++)
            {
                File.WriteAllText(Path.Combine(notes, $"note-{i}.md"), $"# Meeting note {i}\n\nThe team agreed on item {i}: quantized models stay on the shared drive.\n");
            }

            var ingests = Task.WhenAll(
                KbProcess.RunAsync(docs.Root, ["ingest", docs.Folder, "--store", store]),
                KbProcess.RunAsync(docs.Root, ["ingest", docs.Folder, "--store", store]),
                KbProcess.RunAsync(docs.Root, ["ingest", notes, "--store", store]));
            var readsDuringIngestion = new List<KbRun>();
            do
            {
                readsDuringIngestion.Add(await KbProcess.RunAsync(docs.Root, ["search", "quantized models", "--store", store, "--top", "3"]));
            }
            while (!ingests.IsCompleted);

            Assert.All(await ingests, run => Assert.True(run.ExitCode == 0, run.ToString()));
            Assert.All(readsDuringIngestion, run => Assert.True(run.ExitCode == 0, run.ToString()));
            Assert.Equal(2, await KbPostgres.ScalarAsync(server,   // ingest ends with OptimizeAsync (VACUUM ANALYZE)
                $"SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = '{schema}' AND relname IN ('chunks', 'postings') AND last_vacuum IS NOT NULL"));

            var list = await KbProcess.RunAsync(docs.Root, ["docs", "list", "--store", store]);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Contains("11 documents in PostgreSQL", list.Stdout);

            var search = await KbProcess.RunAsync(docs.Root, ["search", "How do I turn on the CUDA backend?", "--store", store, "--top", "1"]);
            Assert.True(search.ExitCode == 0, search.ToString());
            Assert.Contains("gpu-backends", search.Stdout);

            var ask = await KbProcess.RunAsync(docs.Root, ["ask", "How do I turn on the CUDA backend?", "--store", store]);
            Assert.True(ask.ExitCode == 0, ask.ToString());
            Assert.Contains("LlamaBackend=cuda", ask.Stdout);

            var remove = await KbProcess.RunAsync(docs.Root, ["docs", "remove", docs["overview.md"], "--store", store]);
            Assert.True(remove.ExitCode == 0, remove.ToString());
            var stats = await KbProcess.RunAsync(docs.Root, ["stats", "--store", store]);
            Assert.Matches(@"Documents\s*│\s*10\s", stats.Stdout);
            var password = new NpgsqlConnectionStringBuilder(server).Password;
            Assert.All(new[] { list, search, ask, stats }, run => Assert.True(string.IsNullOrEmpty(password) || !(run.Stdout + run.Stderr).Contains(password, StringComparison.Ordinal)));
        }
        finally
        {
            await KbPostgres.DropAsync(server, schema);
        }
    }

    [SkippableFact(Timeout = 600_000)]
    public async Task Hnsw_settings_from_the_environment_build_the_index_reindex_applies_new_ones_and_a_value_pgvector_refuses_is_one_clear_error()
    {
        var server = KbPostgres.Require();
        var (schema, store) = KbPostgres.NewStore(server);
        using var docs = new SampleDocs();
        var model = SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, LocalKernel.Connectors.LlamaCpp.GgmlType.Q8_0);
        var hnsw = new Dictionary<string, string> { ["KB_HNSW_M"] = "8", ["KB_HNSW_EF_CONSTRUCTION"] = "32", ["KB_HNSW_EF_SEARCH"] = "40" };
        try
        {
            var shown = await KbProcess.RunAsync(docs.Root, ["config", "show", "--store", store], hnsw);
            Assert.Matches(@"hnswM\s*│\s*8\s*│\s*environment \(KB_HNSW_M\)", shown.Stdout);

            var search = await KbProcess.RunAsync(docs.Root, ["search", "How much of the network can be offloaded onto the video card?", "--mode", "vector", "--top", "1",
                "--docs", docs.Folder, "--store", store, "--embedding-model", model], hnsw);
            Assert.True(search.ExitCode == 0, search.ToString());
            Assert.Contains("GPU layers", search.Stdout);
            Assert.Equal(1, await KbPostgres.ScalarAsync(server, $"SELECT count(*) FROM pg_class WHERE oid = to_regclass('\"{schema}\".vectors_hnsw') AND reloptions = ARRAY['m=8', 'ef_construction=32']"));

            var refused = await KbProcess.RunAsync(docs.Root, ["search", "cuda", "--store", store, "--embedding-model", model],
                new Dictionary<string, string> { ["KB_HNSW_EF_SEARCH"] = "5000" });
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("ef_search from 1 to 1000", refused.Stderr);
            Assert.DoesNotContain("   at ", refused.Stderr);

            // The index keeps its build parameters until kb reindex builds it with the current ones; a bad memory size
            // is refused before the index is touched.
            var larger = new Dictionary<string, string> { ["KB_HNSW_M"] = "12", ["KB_HNSW_EF_CONSTRUCTION"] = "48" };
            var badMemory = await KbProcess.RunAsync(docs.Root, ["reindex", "--store", store, "--maintenance-work-mem", "lots"], larger);
            Assert.Equal(1, badMemory.ExitCode);
            Assert.Contains("not a memory size", badMemory.Stderr);
            Assert.Equal(1, await KbPostgres.ScalarAsync(server, $"SELECT count(*) FROM pg_class WHERE oid = to_regclass('\"{schema}\".vectors_hnsw') AND reloptions = ARRAY['m=8', 'ef_construction=32']"));
            var reindex = await KbProcess.RunAsync(docs.Root, ["reindex", "--store", store, "--maintenance-work-mem", "64MB"], larger);
            Assert.True(reindex.ExitCode == 0, reindex.ToString());
            Assert.Contains("Rebuilt the vector index", reindex.Stdout);
            Assert.Equal(1, await KbPostgres.ScalarAsync(server, $"SELECT count(*) FROM pg_class WHERE oid = to_regclass('\"{schema}\".vectors_hnsw') AND reloptions = ARRAY['m=12', 'ef_construction=48']"));
            var after = await KbProcess.RunAsync(docs.Root, ["search", "How much of the network can be offloaded onto the video card?", "--mode", "vector", "--top", "1",
                "--store", store, "--embedding-model", model]);
            Assert.True(after.ExitCode == 0, after.ToString());
            Assert.Contains("GPU layers", after.Stdout);

            var sqlite = await KbProcess.RunAsync(docs.Root, ["reindex", "--store", Path.Combine(docs.Root, "kb.db")]);
            Assert.Equal(1, sqlite.ExitCode);
            Assert.Contains("has no index to rebuild", sqlite.Stderr);
        }
        finally
        {
            await KbPostgres.DropAsync(server, schema);
        }
    }
}
