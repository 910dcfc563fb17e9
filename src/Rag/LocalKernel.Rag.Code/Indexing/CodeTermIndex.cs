using Microsoft.Data.Sqlite;

namespace LocalKernel.Rag.Code;

/// <summary>
/// The code-specific tables kept beside the document store in the same SQLite file: the symbol table and a full-text
/// index of each chunk's identifier words, symbol names and path words (the store's own index sees "GgufReader" as one
/// word; this one also sees "gguf" and "reader").
/// </summary>
/// <remarks>Thread-safe: every call opens its own connection (WAL mode lets readers run beside the store's writer).</remarks>
internal sealed class CodeTermIndex
{
    private readonly string _connectionString;

    public CodeTermIndex(string storePath)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = storePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, null, """
            CREATE TABLE IF NOT EXISTS code_symbols (
                path TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, container TEXT NOT NULL,
                start_line INTEGER NOT NULL, end_line INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS code_symbols_by_name ON code_symbols (name COLLATE NOCASE);
            CREATE INDEX IF NOT EXISTS code_symbols_by_path ON code_symbols (path);
            CREATE VIRTUAL TABLE IF NOT EXISTS code_terms USING fts5 (
                words, symbols, path, document_id UNINDEXED, chunk_index UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TABLE IF NOT EXISTS code_index_metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            """);

        // The content hashes only know whether a file changed, not whether the rules that index it did: when they
        // change, the code tables start empty and the next update refills them from the (unchanged) stored chunks.
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM code_index_metadata WHERE key = 'terms_version'";
        if (command.ExecuteScalar() as string != TermsVersion)
        {
            Execute(connection, null, $"""
                DELETE FROM code_symbols; DELETE FROM code_terms;
                INSERT OR REPLACE INTO code_index_metadata (key, value) VALUES ('terms_version', '{TermsVersion}');
                """);
        }
    }

    /// <summary>The version of the rules that fill the code tables; change it whenever they change.</summary>
    public const string TermsVersion = "2";

    /// <summary>Replaces everything recorded for one file.</summary>
    public void Replace(string path, IReadOnlyList<CodeSymbol> symbols, IReadOnlyList<StoredChunk> chunks)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        DeleteCore(connection, transaction, path);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO code_symbols (path, name, kind, container, start_line, end_line) VALUES ($p, $n, $k, $c, $s, $e)";
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            var n = insert.Parameters.Add("$n", SqliteType.Text);
            var k = insert.Parameters.Add("$k", SqliteType.Text);
            var c = insert.Parameters.Add("$c", SqliteType.Text);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var e = insert.Parameters.Add("$e", SqliteType.Integer);
            foreach (var symbol in symbols)
            {
                (p.Value, n.Value, k.Value, c.Value, s.Value, e.Value) = (path, symbol.Name, symbol.Kind, symbol.Container, symbol.StartLine, symbol.EndLine);
                insert.ExecuteNonQuery();
            }
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO code_terms (words, symbols, path, document_id, chunk_index) VALUES ($w, $s, $p, $d, $i)";
            var w = insert.Parameters.Add("$w", SqliteType.Text);
            var s = insert.Parameters.Add("$s", SqliteType.Text);
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            var d = insert.Parameters.Add("$d", SqliteType.Text);
            var i = insert.Parameters.Add("$i", SqliteType.Integer);
            string pathWords = IdentifierWords.Expand(path);
            foreach (var chunk in chunks)
            {
                int start = chunk.LineStart ?? 1, end = chunk.LineEnd ?? int.MaxValue;
                // Only declarations that name behaviour or a type: a field or property called "model" says little.
                var declared = symbols.Where(x => x.StartLine >= start && x.StartLine <= end && IsStrongDeclaration(x.Kind)).Select(x => x.Name);
                w.Value = IdentifierWords.Expand(chunk.Breadcrumb + "\n" + chunk.Text);
                s.Value = IdentifierWords.Expand(string.Join(' ', declared));
                (p.Value, d.Value, i.Value) = (pathWords, chunk.DocumentId, chunk.Index);
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>Forgets a file.</summary>
    public void Delete(string path)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        DeleteCore(connection, transaction, path);
        transaction.Commit();
    }

    /// <summary>Paths that have symbol or term rows.</summary>
    public HashSet<string> Paths()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT document_id FROM code_terms UNION SELECT DISTINCT path FROM code_symbols";
        using var reader = command.ExecuteReader();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            paths.Add(reader.GetString(0));
        }

        return paths;
    }

    /// <summary>BM25 search over the code words; (document id, chunk index) best first.</summary>
    public List<(string DocumentId, int ChunkIndex)> Search(string matchExpression, int top)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        // Weights: identifier words 1, declared symbol names 4, path words 2 (a name or folder that says it all wins).
        command.CommandText = "SELECT document_id, chunk_index FROM code_terms WHERE code_terms MATCH $q ORDER BY bm25(code_terms, 1.0, 4.0, 2.0) LIMIT $top";
        command.Parameters.AddWithValue("$q", matchExpression);
        command.Parameters.AddWithValue("$top", top);
        using var reader = command.ExecuteReader();
        var hits = new List<(string, int)>();
        while (reader.Read())
        {
            hits.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return hits;
    }

    /// <summary>Symbols by exact name (case-insensitive), optionally of one kind family; at most <paramref name="top"/>.</summary>
    public List<CodeSymbol> FindSymbols(string name, int top, bool prefix = false)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = prefix
            ? "SELECT name, kind, container, path, start_line, end_line FROM code_symbols WHERE name LIKE $n ESCAPE '\\' ORDER BY length(name), path LIMIT $top"
            : "SELECT name, kind, container, path, start_line, end_line FROM code_symbols WHERE name = $n COLLATE NOCASE ORDER BY path, start_line LIMIT $top";
        command.Parameters.AddWithValue("$n", prefix ? name.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%" : name);
        command.Parameters.AddWithValue("$top", top);
        using var reader = command.ExecuteReader();
        var symbols = new List<CodeSymbol>();
        while (reader.Read())
        {
            symbols.Add(new CodeSymbol(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5)));
        }

        return symbols;
    }

    /// <summary>How many symbols the table holds.</summary>
    public long SymbolCount()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM code_symbols";
        return (long)command.ExecuteScalar()!;
    }

    private static bool IsStrongDeclaration(string kind) =>
        kind is not ("field" or "property" or "event" or "constant" or "variable" or "enum member" or "namespace" or "indexer");

    private static void DeleteCore(SqliteConnection connection, SqliteTransaction transaction, string path)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM code_symbols WHERE path = $p; DELETE FROM code_terms WHERE document_id = $p;";
        command.Parameters.AddWithValue("$p", path);
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
