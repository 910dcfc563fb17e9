using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LocalKernel.Rag;

/// <summary>The tables of a store file and its metadata (schema version, tokenizer, embedding model).</summary>
internal static class SqliteSchema
{
    /// <summary>2: the keyword index may hold text stemmed by this library (<c>keyword_stemmer</c>), which a version-1
    /// reader would search unstemmed, so it refuses the file instead. Version 1 files are read as before.</summary>
    public const int Version = 2;

    private const string StemmerKey = "keyword_stemmer";


    /// <summary>Whether the file holds any table at all (a new, empty file does not).</summary>
    public static bool HasAnyTable(SqliteConnection connection) =>
        Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"), CultureInfo.InvariantCulture) > 0;

    /// <summary>The metadata rows, or null when the file has no metadata table (not one of our stores).</summary>
    public static Dictionary<string, string>? ReadMetadata(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        if (Scalar(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'index_metadata'", transaction) is null)
        {
            return null;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT key, value FROM index_metadata";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            metadata[reader.GetString(0)] = reader.GetString(1);
        }

        return metadata;
    }

    public static EmbeddingModelInfo? ModelFrom(IReadOnlyDictionary<string, string> metadata) => EmbeddingModelMetadata.Read(metadata);

    /// <summary>Creates the tables that do not exist yet and records the schema version and tokenizer.</summary>
    public static void Create(SqliteConnection connection, SqliteTransaction transaction, string? tokenizer, KeywordStemming stemming)
    {
        // Snowball stems before FTS5 sees the text, so FTS5 only splits and folds; Porter is FTS5's own.
        tokenizer ??= stemming == KeywordStemming.Porter ? "porter unicode61 remove_diacritics 2" : "unicode61 remove_diacritics 2";
        // Chunk keys are the FTS5 rowids and the vector keys, so one integer links a chunk everywhere.
        // The FTS5 table is contentless (the text lives in chunks) with contentless_delete so rows can be removed.
        Execute(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS index_metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS documents (
                doc_key INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                source_path TEXT NOT NULL,
                content_type TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                title TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS documents_by_path ON documents (source_path);
            CREATE TABLE IF NOT EXISTS document_tags (
                document_key INTEGER NOT NULL REFERENCES documents (doc_key) ON DELETE CASCADE,
                tag_key TEXT NOT NULL,
                tag_value TEXT NOT NULL,
                PRIMARY KEY (document_key, tag_key, tag_value)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS document_tags_by_value ON document_tags (tag_key, tag_value);
            CREATE TABLE IF NOT EXISTS chunks (
                chunk_key INTEGER PRIMARY KEY,
                document_key INTEGER NOT NULL REFERENCES documents (doc_key) ON DELETE CASCADE,
                chunk_index INTEGER NOT NULL,
                text TEXT NOT NULL,
                breadcrumb TEXT NOT NULL,
                token_count INTEGER NOT NULL,
                page_start INTEGER,
                page_end INTEGER,
                line_start INTEGER,
                line_end INTEGER,
                UNIQUE (document_key, chunk_index));
            CREATE TABLE IF NOT EXISTS vectors (
                chunk_key INTEGER PRIMARY KEY REFERENCES chunks (chunk_key) ON DELETE CASCADE,
                embedding BLOB NOT NULL);
            CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5 (
                text, heading, content = '', contentless_delete = 1, tokenize = '{tokenizer.Replace("'", "''", StringComparison.Ordinal)}');
            INSERT OR IGNORE INTO index_metadata (key, value) VALUES ('schema_version', '{Version}');
            """);
        SetMetadata(connection, transaction, "fts_tokenizer", tokenizer, replace: false);
        SetMetadata(connection, transaction, StemmerKey, StemmerName(stemming), replace: false);
    }

    /// <summary>How the store's keyword index stems: as recorded, or for files older than the record, from the FTS5 tokenizer.</summary>
    public static KeywordAnalyzer AnalyzerFrom(IReadOnlyDictionary<string, string>? metadata, SqliteDocumentStoreOptions options)
    {
        if (metadata is null)
        {
            var stemming = options.StemmingOrDefault;
            return stemming == KeywordStemming.SnowballEnglish ? KeywordAnalyzer.SnowballEnglish : KeywordAnalyzer.PassThrough(stemming);
        }

        if (metadata.TryGetValue(StemmerKey, out var name))
        {
            return name switch
            {
                "snowball-english" => KeywordAnalyzer.SnowballEnglish,
                "porter" => KeywordAnalyzer.PassThrough(KeywordStemming.Porter),
                "none" => KeywordAnalyzer.PassThrough(KeywordStemming.None),
                _ => throw new InvalidDataException($"The store records keyword stemming '{name}', which this library does not know."),
            };
        }

        bool porter = metadata.TryGetValue("fts_tokenizer", out var tokenizer) && tokenizer.Contains("porter", StringComparison.Ordinal);
        return KeywordAnalyzer.PassThrough(porter ? KeywordStemming.Porter : KeywordStemming.None);
    }

    private static string StemmerName(KeywordStemming stemming) => stemming switch
    {
        KeywordStemming.SnowballEnglish => "snowball-english",
        KeywordStemming.Porter => "porter",
        _ => "none",
    };

    public static void WriteModel(SqliteConnection connection, SqliteTransaction transaction, EmbeddingModelInfo model)
    {
        foreach (var (key, value) in EmbeddingModelMetadata.Rows(model))
        {
            SetMetadata(connection, transaction, key, value, replace: true);
        }
    }

    public static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void SetMetadata(SqliteConnection connection, SqliteTransaction transaction, string key, string value, bool replace)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = replace
            ? "INSERT OR REPLACE INTO index_metadata (key, value) VALUES ($key, $value)"
            : "INSERT OR IGNORE INTO index_metadata (key, value) VALUES ($key, $value)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
