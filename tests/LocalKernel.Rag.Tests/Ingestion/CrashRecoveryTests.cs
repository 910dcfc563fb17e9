using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace LocalKernel.Rag.Tests;

/// <summary>
/// Kills a real ingesting process (SIGKILL: no finally blocks, no flush) and checks that the store file
/// still opens, holds only complete documents, and that running ingestion again completes it exactly.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int FileCount = 150;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_killed_ingestion_leaves_complete_documents_and_a_rerun_finishes_the_store_exactly()
    {
        var docs = Path.Combine(_temp.Path, "docs");
        var expected = WriteCorpus(docs);
        int expectedChunks = expected.Values.Sum();
        var store = _temp.File("killed.db");

        // Kill at three different depths; each time the child resumes the same store file.
        foreach (int killAfterFiles in new[] { 10, 50, 100 })
        {
            var (killed, seen) = await RunChildAndKillAsync(store, docs, killAfterFiles);
            output.WriteLine($"kill after {killAfterFiles} files: killed={killed}, last progress line '{seen}'");
            Assert.True(killed, "the child finished before it could be killed; the test proves nothing");
            AssertOnlyCompleteDocuments(store, expected, mustBeIncomplete: true);
        }

        var embedder = FakeEmbeddingGenerator.HashingBagOfWords();
        using (var resumed = SqliteDocumentStore.Open(store, embedder.ModelInfo))
        {
            var results = await new DocumentIngestor(resumed, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, embedder).IngestDirectoryAsync(docs);
            Assert.DoesNotContain(results, r => r.Status is IngestionStatus.Failed or IngestionStatus.Updated);
            Assert.Contains(results, r => r.Status == IngestionStatus.Unchanged);
            Assert.Equal(new StoreStatistics(FileCount, expectedChunks, expectedChunks), await resumed.GetStatisticsAsync());
        }

        // The same files ingested without interruption give exactly the same store.
        using var reference = SqliteDocumentStore.Open(_temp.File("reference.db"), embedder.ModelInfo);
        await new DocumentIngestor(reference, FakeTextExtractor.ForPath, ParagraphChunker.Chunk, embedder).IngestDirectoryAsync(docs);
        Assert.Equal(new StoreStatistics(FileCount, expectedChunks, expectedChunks), await reference.GetStatisticsAsync());
        AssertOnlyCompleteDocuments(store, expected, mustBeIncomplete: false);
    }

    /// <summary>Files of 1 to 60 paragraphs, so transactions range from tiny to long; returns each document's chunk count.</summary>
    private static Dictionary<string, int> WriteCorpus(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < FileCount; i++)
        {
            int paragraphs = i % 10 == 0 ? 60 : random.Next(1, 12);
            var path = Path.Combine(folder, $"doc{i:000}.txt");
            var text = "# Document " + i + "\n\n" + string.Join("\n\n", Enumerable.Range(0, paragraphs).Select(p => $"Paragraph {p} of document {i} mentions topic{random.Next(50)} and topic{random.Next(50)}."));
            File.WriteAllText(path, text);
            using var stream = File.OpenRead(path);
            expected[path] = ParagraphChunker.Chunk(FakeTextExtractor.Instance.ExtractAsync(stream, ExtractionOptions.Default).GetAwaiter().GetResult()).Count;
        }

        return expected;
    }

    private static async Task<(bool Killed, string LastLine)> RunChildAndKillAsync(string store, string docs, int killAfterFiles)
    {
        var target = Path.Combine(AppContext.BaseDirectory, "LocalKernel.Rag.KillTarget.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(target);
        start.ArgumentList.Add(store);
        start.ArgumentList.Add(docs);
        start.ArgumentList.Add("3");
        using var child = Process.Start(start)!;
        _ = child.StandardError.ReadToEndAsync();
        string last = string.Empty;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            last = line;
            var parts = line.Split(' ');
            if (parts[0] == "done")
            {
                await child.WaitForExitAsync(timeout.Token);
                return (false, last);
            }

            if (parts[0] == "progress" && int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) >= killAfterFiles)
            {
                // On Unix Process.Kill sends SIGKILL: the child gets no chance to finish a transaction or close the file.
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(timeout.Token);
                return (true, last);
            }
        }

        await child.WaitForExitAsync(timeout.Token);
        return (false, last);
    }

    private static void AssertOnlyCompleteDocuments(string path, Dictionary<string, int> expected, bool mustBeIncomplete)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT d.id,
                   (SELECT count(*) FROM chunks c WHERE c.document_key = d.doc_key),
                   (SELECT count(*) FROM chunks c JOIN vectors v ON v.chunk_key = c.chunk_key WHERE c.document_key = d.doc_key),
                   (SELECT count(*) FROM chunks c JOIN chunks_fts_docsize f ON f.id = c.chunk_key WHERE c.document_key = d.doc_key)
            FROM documents d
            """;
        int documents = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                documents++;
                var id = reader.GetString(0);
                Assert.Equal((expected[id], expected[id], expected[id]), (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
            }
        }

        using var orphans = connection.CreateCommand();
        orphans.CommandText = """
            SELECT (SELECT count(*) FROM chunks WHERE document_key NOT IN (SELECT doc_key FROM documents))
                 + (SELECT count(*) FROM vectors WHERE chunk_key NOT IN (SELECT chunk_key FROM chunks))
                 + (SELECT count(*) FROM chunks_fts_docsize WHERE id NOT IN (SELECT chunk_key FROM chunks))
            """;
        Assert.Equal(0L, orphans.ExecuteScalar());
        if (mustBeIncomplete)
        {
            Assert.InRange(documents, 1, FileCount - 1);
        }
    }
}
