using LocalKernel.Rag;
using LocalKernel.Rag.PostgreSql;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using Npgsql;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// What <c>--store</c> names: a SQLite file (the default), or a PostgreSQL database given as a connection string
/// (<c>Host=…;Database=…</c>) or a <c>postgres://</c> URI. Connection strings are never resolved as paths and never
/// printed with their password.
/// </summary>
internal static class StoreLocation
{
    public static bool IsPostgres(string? value) => PostgresConnectionString.IsPostgres(value);

    /// <summary>A file path made absolute against <paramref name="baseDirectory"/>; a connection string as it is.</summary>
    public static string Resolve(string value, string baseDirectory) => IsPostgres(value) ? value : Path.GetFullPath(value, baseDirectory);

    /// <summary>How the store is shown to the user: the path, or the server and database without credentials.</summary>
    public static string Display(string? value)
    {
        if (value is null || !IsPostgres(value))
        {
            return value ?? string.Empty;
        }

        try
        {
            return PostgresConnectionString.Describe(PostgresConnectionString.Normalize(value));
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (invalid connection string)";
        }
    }

    /// <summary>
    /// Opens the store (a PostgreSQL one with <paramref name="index"/>'s HNSW settings); every failure to reach or use
    /// it, or a setting pgvector does not accept, is a <see cref="KbException"/> with one line.
    /// </summary>
    public static IDocumentStore Open(string value, EmbeddingModelInfo? model, PostgresIndexSettings? index = null)
    {
        var shown = Display(value);
        try
        {
            var options = new PostgresDocumentStoreOptions { HnswM = index?.M.Value, HnswEfConstruction = index?.EfConstruction.Value, HnswEfSearch = index?.EfSearch.Value };
            return IsPostgres(value) ? PostgresDocumentStore.Open(value, model, options) : SqliteDocumentStore.Open(value, model);
        }
        catch (EmbeddingModelMismatchException e)
        {
            throw new KbException($"The store '{shown}' was built with another embedding model: {e.Message}", ExitCodes.Failure, e);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException or NpgsqlException or TimeoutException)
        {
            // Npgsql's messages name the server and the reason (refused, authentication failed), never the password.
            throw new KbException($"Cannot open the store '{shown}': {e.Message}", ExitCodes.Failure, e);
        }
    }
}
