using System.Globalization;
using Npgsql;

namespace LocalKernel.Rag.PostgreSql;

/// <summary>
/// The store's tables in one PostgreSQL schema, and its metadata (schema version, text search configuration,
/// embedding model). Creation and checks run under a transaction-scoped advisory lock, so several processes
/// opening the same store at once neither race on CREATE nor see a half-created schema.
/// </summary>
internal sealed class PostgresSchema(string schema)
{
    /// <summary>
    /// Version 1: documents, tags, chunks with tsvectors, a BM25 postings table, pgvector vectors with HNSW.
    /// Version 2: BM25's corpus totals in <c>corpus_stats</c> counter rows (version 1 summed every document per query).
    /// Version 3: the postings' primary key carries the frequencies and the chunk length, so a query reads a term's
    /// postings from the index alone (a term's rows are scattered over the heap, one page each, as documents arrive).
    /// </summary>
    public const int Version = 3;

    /// <summary>
    /// The corpus totals are spread over this many counter rows (a document's row is its key modulo this), so
    /// concurrent writers of different documents rarely wait on the same row, and a query sums only these rows.
    /// </summary>
    public const int StatsSlots = 16;

    // Arbitrary constants that name this library's advisory locks (the first of the two int keys).
    public const int SchemaLockClass = 0x4C4B5301;
    public const int DocumentLockClass = 0x4C4B5302;


    /// <summary>pgvector's HNSW index covers vectors of at most this many dimensions; larger models are searched exactly.</summary>
    public const int MaxIndexedDimensions = 2000;

    /// <summary>The quoted schema name; the name was validated as a plain identifier.</summary>
    public string Name { get; } = "\"" + schema + "\"";

    public string Table(string table) => Name + "." + table;

    /// <summary>The metadata, or null when the schema has no store yet.</summary>
    public static async Task<Dictionary<string, string>?> ReadMetadataAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.AddWithValue("\"" + schema + "\".store_metadata");
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return null;
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"SELECT key, value FROM \"{schema}\".store_metadata", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            metadata[reader.GetString(0)] = reader.GetString(1);
        }

        return metadata;
    }

    public static EmbeddingModelInfo? ModelFrom(IReadOnlyDictionary<string, string> metadata) => EmbeddingModelMetadata.Read(metadata);

    /// <summary>Creates the schema and the tables that do not exist yet, and records the version and text search configuration.</summary>
    public async Task CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string textSearchConfiguration, CancellationToken cancellationToken)
    {
        // Postings hold each stemmed term's frequency per chunk, text and headings apart, so BM25 (with its
        // heading weight chosen at query time) is computed from counts, as FTS5 does, not approximated by ts_rank.
        // The chunk's length is repeated in its postings, and the corpus totals are kept per document and summed into
        // StatsSlots counter rows, so a query reads only narrow rows: postings of its terms and the counters, never
        // the wide chunks table nor one row per document.
        // Deletes cascade from documents, so removing or replacing a document is one statement.
        await ExecuteAsync(connection, transaction, $"""
            CREATE SCHEMA IF NOT EXISTS {Name};
            CREATE TABLE IF NOT EXISTS {Table("store_metadata")} (key text PRIMARY KEY, value text NOT NULL);
            CREATE TABLE IF NOT EXISTS {Table("documents")} (
                doc_key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text NOT NULL UNIQUE,
                source_path text NOT NULL,
                content_type text NOT NULL,
                content_hash text NOT NULL,
                title text,
                created_at bigint NOT NULL,
                updated_at bigint NOT NULL,
                chunk_count integer NOT NULL DEFAULT 0,
                term_total bigint NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS documents_by_path ON {Table("documents")} (source_path);
            CREATE TABLE IF NOT EXISTS {Table("document_tags")} (
                document_key bigint NOT NULL REFERENCES {Table("documents")} (doc_key) ON DELETE CASCADE,
                tag_key text NOT NULL,
                tag_value text NOT NULL,
                PRIMARY KEY (document_key, tag_key, tag_value));
            CREATE INDEX IF NOT EXISTS document_tags_by_value ON {Table("document_tags")} (tag_key, tag_value);
            CREATE TABLE IF NOT EXISTS {Table("chunks")} (
                chunk_key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                document_key bigint NOT NULL REFERENCES {Table("documents")} (doc_key) ON DELETE CASCADE,
                chunk_index integer NOT NULL,
                text text NOT NULL,
                breadcrumb text NOT NULL,
                token_count integer NOT NULL,
                page_start integer,
                page_end integer,
                line_start integer,
                line_end integer,
                search tsvector NOT NULL,
                term_count integer NOT NULL,
                UNIQUE (document_key, chunk_index));
            CREATE INDEX IF NOT EXISTS chunks_search ON {Table("chunks")} USING gin (search);
            CREATE TABLE IF NOT EXISTS {Table("postings")} (
                term text NOT NULL,
                chunk_key bigint NOT NULL REFERENCES {Table("chunks")} (chunk_key) ON DELETE CASCADE,
                text_frequency integer NOT NULL,
                heading_frequency integer NOT NULL,
                chunk_length integer NOT NULL,
                PRIMARY KEY (term, chunk_key) INCLUDE (text_frequency, heading_frequency, chunk_length));
            CREATE INDEX IF NOT EXISTS postings_by_chunk ON {Table("postings")} (chunk_key);
            CREATE TABLE IF NOT EXISTS {Table("corpus_stats")} (
                slot smallint PRIMARY KEY,
                chunk_count bigint NOT NULL,
                term_total bigint NOT NULL);
            INSERT INTO {Table("store_metadata")} (key, value) VALUES ('schema_version', '{Version}') ON CONFLICT DO NOTHING;
            """, cancellationToken).ConfigureAwait(false);
        await SetMetadataAsync(connection, transaction, "text_search_configuration", textSearchConfiguration, replace: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Brings a store of an older schema version to <see cref="Version"/>, inside the caller's transaction (which holds
    /// the schema lock), after <see cref="CreateAsync"/> has created the tables that were missing.
    /// </summary>
    public async Task MigrateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int fromVersion, CancellationToken cancellationToken)
    {
        if (fromVersion < 2)
        {
            // The counters start as the sums version 1 computed per query.
            await ExecuteAsync(connection, transaction, $"""
                DELETE FROM {Table("corpus_stats")};
                INSERT INTO {Table("corpus_stats")} (slot, chunk_count, term_total)
                SELECT doc_key % {StatsSlots}, sum(chunk_count), sum(term_total) FROM {Table("documents")} GROUP BY 1;
                """, cancellationToken).ConfigureAwait(false);
        }

        if (fromVersion < 3)
        {
            // Rebuilds the key index once, under the schema lock (writers of this store wait for it).
            await ExecuteAsync(connection, transaction, $"""
                ALTER TABLE {Table("postings")} DROP CONSTRAINT postings_pkey,
                    ADD PRIMARY KEY (term, chunk_key) INCLUDE (text_frequency, heading_frequency, chunk_length);
                """, cancellationToken).ConfigureAwait(false);
        }

        await SetMetadataAsync(connection, transaction, "schema_version", Version.ToString(CultureInfo.InvariantCulture), replace: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// SQL that adds documents' changes in chunk count and length to their counter rows: <paramref name="source"/> is a
    /// SELECT of three columns, in order the slot, the change in chunks and the change in terms.
    /// </summary>
    public string AddToCorpusStats(string source) => $"""
        INSERT INTO {Table("corpus_stats")} AS s (slot, chunk_count, term_total) {source}
        ON CONFLICT (slot) DO UPDATE SET chunk_count = s.chunk_count + EXCLUDED.chunk_count, term_total = s.term_total + EXCLUDED.term_total
        """;

    /// <summary>Records the model and creates the vector table for its dimensions, with an HNSW index when pgvector can index them.</summary>
    public async Task WriteModelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EmbeddingModelInfo model, PostgresDocumentStoreOptions options, CancellationToken cancellationToken)
    {
        await PgVectorExtension.EnsureAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        // Inner product on L2-normalised vectors is cosine similarity, and the cheapest distance pgvector has.
        var dims = model.Dimensions.ToString(CultureInfo.InvariantCulture);
        var index = model.Dimensions <= MaxIndexedDimensions ? VectorIndexSql(this, options) + ";" : string.Empty;
        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS {Table("vectors")} (
                chunk_key bigint PRIMARY KEY REFERENCES {Table("chunks")} (chunk_key) ON DELETE CASCADE,
                embedding vector({dims}) NOT NULL);
            {index}
            """, cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in EmbeddingModelMetadata.Rows(model))
        {
            await SetMetadataAsync(connection, transaction, key, value, replace: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates the HNSW index on the vectors unless it exists (inner product: the vectors are unit length), with the
    /// options' build parameters (validated integers, so formatting them into the statement is safe).
    /// </summary>
    public static string VectorIndexSql(PostgresSchema schema, PostgresDocumentStoreOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"CREATE INDEX IF NOT EXISTS vectors_hnsw ON {schema.Table("vectors")} USING hnsw (embedding vector_ip_ops) WITH (m = {options.HnswMOrDefault}, ef_construction = {options.HnswEfConstructionOrDefault})");

    public static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SetMetadataAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, string value, bool replace, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {Table("store_metadata")} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO " + (replace ? "UPDATE SET value = EXCLUDED.value" : "NOTHING"),
            connection,
            transaction);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
