using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>The HNSW index's build parameters and the bulk import that drops and rebuilds it, on a real server.</summary>
public sealed class PostgresVectorIndexTests : PostgresSchemaScope
{
    private static readonly EmbeddingModelInfo Model = new("unit-vectors", 8, "mean");
    [Theory]
    [InlineData(1, null)]
    [InlineData(101, null)]
    [InlineData(null, 3)]
    [InlineData(null, 1001)]
    [InlineData(32, 40)]
    public async Task Build_parameters_outside_what_pgvector_accepts_are_refused_before_connecting(int? m, int? efConstruction)
    {
        // Port 1: nothing listens there, so reaching the server would be a different error.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PostgresDocumentStore.OpenAsync(
            "Host=127.0.0.1;Port=1;Database=x", Model, new PostgresDocumentStoreOptions { Schema = "s", HnswM = m, HnswEfConstruction = efConstruction }));
    }

    [SkippableFact]
    public async Task The_index_is_created_with_the_options_build_parameters_and_an_import_rebuilds_it_with_its_own()
    {
        var connection = TestPostgres.Require();
        await using (var created = await PostgresDocumentStore.OpenAsync(connection, Model, Options(m: 8, efConstruction: 32)))
        {
            Assert.Equal("{m=8,ef_construction=32}", await IndexOptionsAsync());
        }

        await using var importer = await PostgresDocumentStore.OpenAsync(connection, Model, Options(m: 12, efConstruction: 48));
        var imports = Enumerable.Range(0, 20).Select(d => Document(d, chunks: 10)).ToList();
        Assert.Equal(20, await importer.ImportAsync(imports));
        Assert.Equal("{m=12,ef_construction=48}", await IndexOptionsAsync());
        Assert.Equal(200, await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{Schema}\".vectors"));

        // The import ends vacuumed and analysed (OptimizeAsync): keyword search can read postings from the index alone.
        Assert.Equal(3, await TestPostgres.ScalarAsync(
            $"SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = '{Schema}' AND relname IN ('chunks', 'postings', 'vectors') AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL"));

        // Through the rebuilt index, each stored vector is its own nearest neighbour.
        foreach (var (import, chunk) in new[] { (3, 0), (11, 7), (19, 9) })
        {
            var hits = await importer.SearchVectorsAsync(Vector(import * 10 + chunk), 1);
            Assert.Equal(imports[import].Document.Id, hits[0].Chunk.DocumentId);
            Assert.Equal(chunk, hits[0].Chunk.Index);
        }
    }

    [SkippableFact]
    public async Task A_rebuild_after_an_interrupted_import_restores_the_missing_index()
    {
        var connection = TestPostgres.Require();
        await using var store = await PostgresDocumentStore.OpenAsync(connection, Model, Options(m: 8, efConstruction: 32));
        using var cancel = new CancellationTokenSource();
        IEnumerable<DocumentImport> Interrupted()
        {
            yield return Document(0, chunks: 4);
            cancel.Cancel();
            yield return Document(1, chunks: 4);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ImportAsync(Interrupted(), cancellationToken: cancel.Token));
        Assert.Null(await IndexOptionsAsync());
        Assert.Equal(4, await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{Schema}\".vectors"));

        await store.RebuildVectorIndexAsync("64MB");
        Assert.Equal("{m=8,ef_construction=32}", await IndexOptionsAsync());
        Assert.Equal(2, (await store.SearchVectorsAsync(Vector(2), 1))[0].Chunk.Index);
    }

    [SkippableFact]
    public async Task Replacing_the_index_applies_the_handles_build_parameters_and_a_bad_memory_size_leaves_it_untouched()
    {
        var connection = TestPostgres.Require();
        await using (var built = await PostgresDocumentStore.OpenAsync(connection, Model, Options(m: 8, efConstruction: 32)))
        {
            var document = Document(0, chunks: 6);
            await built.UpsertDocumentAsync(document.Document, document.Chunks, document.Embeddings);
        }

        await using var larger = await PostgresDocumentStore.OpenAsync(connection, Model, Options(m: 12, efConstruction: 48));
        Assert.Equal("{m=8,ef_construction=32}", await IndexOptionsAsync());   // opening never rebuilds
        await Assert.ThrowsAsync<ArgumentException>(() => larger.ReplaceVectorIndexAsync("a lot"));
        Assert.Equal("{m=8,ef_construction=32}", await IndexOptionsAsync());

        await larger.ReplaceVectorIndexAsync("64MB");
        Assert.Equal("{m=12,ef_construction=48}", await IndexOptionsAsync());
        Assert.Equal(5, (await larger.SearchVectorsAsync(Vector(5), 1))[0].Chunk.Index);
    }

    [SkippableFact]
    public async Task A_search_path_naming_only_the_store_schema_still_finds_pgvector_for_documents_and_collections()
    {
        // kb picks a schema by the connection string's Search Path; pgvector's type and operators live elsewhere.
        var onlyTheSchema = new Npgsql.NpgsqlConnectionStringBuilder(TestPostgres.Require()) { SearchPath = Schema }.ConnectionString;
        await using (var store = await PostgresDocumentStore.OpenAsync(onlyTheSchema, Model))
        {
            await store.UpsertDocumentAsync(Document(0, chunks: 3).Document, Document(0, chunks: 3).Chunks, Document(0, chunks: 3).Embeddings);
            Assert.Equal(1, (await store.SearchVectorsAsync(Vector(1), 1))[0].Chunk.Index);
        }

        using Microsoft.Extensions.VectorData.VectorStore records = new LocalKernel.Rag.VectorData.PostgresVectorStore(onlyTheSchema, new LocalKernel.Rag.VectorData.SqlVectorStoreOptions { Schema = Schema + "_records", EmbeddingGenerator = FakeEmbeddingGenerator.HashingBagOfWords() });
        var hotels = records.GetCollection<string, Hotel>("hotels");
        await hotels.EnsureCollectionExistsAsync();
        await hotels.UpsertAsync(new Hotel { Id = "h", Name = "h", Description = "harbour view", Embedding = "harbour view" });
        Assert.Equal("h", (await hotels.SearchAsync("harbour", 1).ToListAsync())[0].Record.Id);
        await TestPostgres.DropSchemaAsync(Schema + "_records");
    }

    [Theory]
    [InlineData("Host=db;Search Path=team_a", "team_a, \"public\"")]
    [InlineData("Host=db", null)]
    public void The_extension_schema_is_appended_to_a_search_path_of_the_connection_string_only(string connectionString, string? expected) =>
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(PgVectorExtension.WithExtensionOnSearchPath(connectionString, "public")).SearchPath);

    private PostgresDocumentStoreOptions Options(int m, int efConstruction) =>
        new() { Schema = Schema, HnswM = m, HnswEfConstruction = efConstruction };

    /// <summary>pgvector's recorded build parameters of the store's index, or null when there is none.</summary>
    private async Task<string?> IndexOptionsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestPostgres.Require());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = to_regclass($1)", connection);
        command.Parameters.AddWithValue("\"" + Schema + "\".vectors_hnsw");
        return await command.ExecuteScalarAsync() is string options ? "{" + options + "}" : null;
    }

    private static DocumentImport Document(int number, int chunks)
    {
        var record = new DocumentRecord("doc-" + number, "docs/" + number + ".txt", "text/plain", "hash-" + number);
        var parts = Enumerable.Range(0, chunks).Select(i => new DocumentChunk(i, $"chunk {i} of {number}", [], 3)).ToList();
        return new DocumentImport(record, parts, parts.Select(c => new Embedding<float>(Vector(number * chunks + c.Index))).ToList());
    }

    /// <summary>A fixed pseudo-random direction per k (no two alike), the same on every call.</summary>
    private static float[] Vector(int k)
    {
        var random = new Random(k);
        return Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    }
}
