using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>
/// SIGKILLs a real process ingesting into PostgreSQL mid-way: the store must hold only complete documents (chunks,
/// vectors and postings), and ingesting again must finish with exactly the uninterrupted run's counts.
/// </summary>
public sealed class PostgresCrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int FileCount = 60;
    private readonly TempDirectory _temp = new();
    private readonly List<string> _schemas = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var schema in _schemas)
        {
            await TestPostgres.DropSchemaAsync(schema);
        }

        _temp.Dispose();
    }

    [SkippableFact]
    public async Task A_killed_ingestion_leaves_complete_documents_and_a_rerun_finishes_with_the_uninterrupted_count()
    {
        var connectionString = TestPostgres.Require();
        var schema = NewSchema();
        var docs = Path.Combine(_temp.Path, "docs");
        var expected = WriteCorpus(docs);
        int expectedChunks = expected.Values.Sum();

        var (killed, last) = await RunChildAndKillAsync(connectionString, schema, docs, killAfterFiles: 25);
        output.WriteLine($"killed={killed}, last progress line '{last}'");
        Assert.True(killed, "the child finished before it could be killed; the test proves nothing");
        int survivors = await AssertOnlyCompleteDocumentsAsync(connectionString, schema, expected);
        Assert.InRange(survivors, 1, FileCount - 1);

        var embedder = FakeEmbeddingGenerator.HashingBagOfWords();
        var options = new PostgresDocumentStoreOptions { Schema = schema };
        await using (var resumed = await PostgresDocumentStore.OpenAsync(connectionString, embedder.ModelInfo, options))
        {
            var results = await new DocumentIngestor(resumed, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, embedder).IngestDirectoryAsync(docs);
            Assert.DoesNotContain(results, r => r.Status is IngestionStatus.Failed or IngestionStatus.Updated);
            Assert.Equal(survivors, results.Count(r => r.Status == IngestionStatus.Unchanged));
            Assert.Equal(new StoreStatistics(FileCount, expectedChunks, expectedChunks), await resumed.GetStatisticsAsync());
        }

        Assert.Equal(FileCount, await AssertOnlyCompleteDocumentsAsync(connectionString, schema, expected));

        // The same files ingested without interruption give the same counts.
        var reference = NewSchema();
        await using var uninterrupted = await PostgresDocumentStore.OpenAsync(connectionString, embedder.ModelInfo, new PostgresDocumentStoreOptions { Schema = reference });
        await new DocumentIngestor(uninterrupted, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, embedder).IngestDirectoryAsync(docs);
        Assert.Equal(new StoreStatistics(FileCount, expectedChunks, expectedChunks), await uninterrupted.GetStatisticsAsync());
    }

    private string NewSchema()
    {
        var schema = TestPostgres.NewSchema();
        _schemas.Add(schema);
        return schema;
    }

    private static Dictionary<string, int> WriteCorpus(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(11);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < FileCount; i++)
        {
            int paragraphs = i % 10 == 0 ? 40 : random.Next(1, 10);
            var path = Path.Combine(folder, $"doc{i:000}.txt");
            File.WriteAllText(path, "# Document " + i + "\n\n" + string.Join("\n\n", Enumerable.Range(0, paragraphs).Select(p => $"Paragraph {p} of document {i} mentions topic{random.Next(50)}.")));
            using var stream = File.OpenRead(path);
            expected[path] = ParagraphChunker.Chunk(FakeTextExtractor.Instance.ExtractAsync(stream, ExtractionOptions.Default).GetAwaiter().GetResult()).Count;
        }

        return expected;
    }

    private static async Task<(bool Killed, string LastLine)> RunChildAndKillAsync(string connectionString, string schema, string docs, int killAfterFiles)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LocalKernel.Rag.KillTarget.dll"));
        start.ArgumentList.Add(connectionString);
        start.ArgumentList.Add(docs);
        start.ArgumentList.Add("5");
        start.ArgumentList.Add(schema);
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        string last = string.Empty;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            last = line;
            var parts = line.Split(' ');
            if (parts[0] == "progress" && int.Parse(parts[1], CultureInfo.InvariantCulture) >= killAfterFiles)
            {
                // SIGKILL: the child cannot finish or roll back its open transaction; the server must discard it.
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(timeout.Token);
                return (true, last);
            }
        }

        await child.WaitForExitAsync(timeout.Token);
        return (false, last + " " + await errors);
    }

    /// <summary>Asserts every document has all its chunks, vectors and postings, and nothing is orphaned; returns the document count.</summary>
    private static async Task<int> AssertOnlyCompleteDocumentsAsync(string connectionString, string schema, Dictionary<string, int> expected)
    {
        var s = "\"" + schema + "\"";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT d.id,
                   (SELECT count(*) FROM {s}.chunks c WHERE c.document_key = d.doc_key),
                   (SELECT count(*) FROM {s}.chunks c JOIN {s}.vectors v ON v.chunk_key = c.chunk_key WHERE c.document_key = d.doc_key),
                   (SELECT count(DISTINCT p.chunk_key) FROM {s}.chunks c JOIN {s}.postings p ON p.chunk_key = c.chunk_key WHERE c.document_key = d.doc_key)
            FROM {s}.documents d
            """, connection);
        int documents = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                documents++;
                long n = expected[reader.GetString(0)];
                Assert.Equal((n, n, n), (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        await using var orphans = new NpgsqlCommand($"""
            SELECT (SELECT count(*) FROM {s}.chunks WHERE document_key NOT IN (SELECT doc_key FROM {s}.documents))
                 + (SELECT count(*) FROM {s}.vectors WHERE chunk_key NOT IN (SELECT chunk_key FROM {s}.chunks))
                 + (SELECT count(*) FROM {s}.postings WHERE chunk_key NOT IN (SELECT chunk_key FROM {s}.chunks))
            """, connection);
        Assert.Equal(0L, await orphans.ExecuteScalarAsync());
        return documents;
    }
}
