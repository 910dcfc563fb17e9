using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pgvector.Npgsql;

namespace LocalKernel.Rag.PostgreSql;

/// <summary>
/// The document store on PostgreSQL: documents, tags and chunks in tables of one schema, vectors in pgvector
/// (HNSW-indexed, or searched exactly), and BM25 keyword ranking computed from a postings table. Each document is
/// written in one transaction, so readers in any process see a document's old version or its new one, never a
/// part; a killed writer leaves only complete documents. Many processes may read and write one store at once;
/// writers of the same document id are serialised by an advisory lock, so the same file ingested twice
/// concurrently ends as one document.
/// </summary>
/// <remarks>Thread-safe: every operation takes its own pooled connection.</remarks>
public sealed partial class PostgresDocumentStore : IDocumentStore, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchema _schema;
    private readonly PostgresDocumentStoreOptions _options;
    private readonly ILogger _logger;
    private readonly string _textSearchConfiguration;

    private PostgresDocumentStore(NpgsqlDataSource dataSource, string description, PostgresSchema schema, string textSearchConfiguration, EmbeddingModelInfo? model, PostgresDocumentStoreOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        Description = description;
        _schema = schema;
        _textSearchConfiguration = textSearchConfiguration;
        EmbeddingModel = model;
        _options = options;
        _logger = logger;
    }

    /// <summary>Where the store is, without credentials: server, database and schema.</summary>
    public string Description { get; }

    /// <inheritdoc />
    public EmbeddingModelInfo? EmbeddingModel { get; }

    /// <summary>Opens the store in the database of <paramref name="connectionString"/>, creating its schema and tables when missing.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Database=…</c>) or a <c>postgres://</c> URI.</param>
    /// <param name="embeddingModel">The model whose vectors will be written and searched; null for a keyword-only store, or to open a
    /// store for keyword search without its model. A store that has no model yet records this one (and needs the pgvector extension).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="logger">Receives diagnostics; never document text.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="EmbeddingModelMismatchException">The store holds vectors of another model; nothing was modified.</exception>
    /// <exception cref="InvalidDataException">The schema holds a store of a newer schema version.</exception>
    /// <exception cref="ArgumentException">The connection string or an option is invalid.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached, or refused the login.</exception>
    public static async Task<PostgresDocumentStore> OpenAsync(string connectionString, EmbeddingModelInfo? embeddingModel = null, PostgresDocumentStoreOptions? options = null, ILogger<PostgresDocumentStore>? logger = null, CancellationToken cancellationToken = default)
    {
        var normalized = PostgresConnectionString.Normalize(connectionString);
        options ??= new PostgresDocumentStoreOptions();

        // Without a schema option, the connection string's first search-path entry names the schema, so a kb user
        // can keep several stores in one database with "Search Path=team_a".
        if (options.Schema is null && new NpgsqlConnectionStringBuilder(normalized).SearchPath is { Length: > 0 } searchPath)
        {
            // A copy: the caller's options object is never changed.
            options = options.Clone();
            options.Schema = searchPath.Split(',')[0].Trim().Trim('"');
        }

        options = options.Validated();
        var schemaName = options.SchemaOrDefault;
        var schema = new PostgresSchema(schemaName);
        var description = PostgresConnectionString.Describe(normalized) + " schema " + schemaName;

        EmbeddingModelInfo? model;
        string textSearchConfiguration;
        string? vectorSchema;

        // Schema work on a plain connection: the vector type may not exist yet, and the data source below maps it.
        await using (var connection = new NpgsqlConnection(normalized))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", connection, transaction))
            {
                gate.Parameters.AddWithValue(PostgresSchema.SchemaLockClass);
                gate.Parameters.AddWithValue(schemaName);
                await gate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var metadata = await PostgresSchema.ReadMetadataAsync(connection, transaction, schemaName, cancellationToken).ConfigureAwait(false);
            var stored = metadata is null ? null : CheckExisting(metadata, description, embeddingModel);

            // Only now, with the schema known to be ours and compatible, is anything written.
            await schema.CreateAsync(connection, transaction, options.TextSearchConfigurationOrDefault, cancellationToken).ConfigureAwait(false);
            if (metadata is not null && StoredVersion(metadata) < PostgresSchema.Version)
            {
                await schema.MigrateAsync(connection, transaction, StoredVersion(metadata), cancellationToken).ConfigureAwait(false);
                PostgresStoreLog.Migrated(logger ?? (ILogger)NullLogger.Instance, description, StoredVersion(metadata), PostgresSchema.Version);
            }

            if (stored is null && embeddingModel is not null)
            {
                await schema.WriteModelAsync(connection, transaction, embeddingModel, options, cancellationToken).ConfigureAwait(false);
            }

            metadata = await PostgresSchema.ReadMetadataAsync(connection, transaction, schemaName, cancellationToken).ConfigureAwait(false);
            textSearchConfiguration = metadata!["text_search_configuration"];
            vectorSchema = await PgVectorExtension.FindAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            model = stored ?? embeddingModel;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var builder = new NpgsqlDataSourceBuilder(vectorSchema is null ? normalized : PgVectorExtension.WithExtensionOnSearchPath(normalized, vectorSchema));
        builder.UseVector();
        var dataSource = builder.Build();
        var store = new PostgresDocumentStore(dataSource, description, schema, textSearchConfiguration, model, options, (ILogger?)logger ?? NullLogger.Instance);
        PostgresStoreLog.Opened(store._logger, description, model?.ToString() ?? "none");
        return store;
    }

    /// <summary>Synchronous <see cref="OpenAsync"/>, for command-line hosts.</summary>
    /// <inheritdoc cref="OpenAsync" />
    public static PostgresDocumentStore Open(string connectionString, EmbeddingModelInfo? embeddingModel = null, PostgresDocumentStoreOptions? options = null, ILogger<PostgresDocumentStore>? logger = null) =>
        OpenAsync(connectionString, embeddingModel, options, logger).GetAwaiter().GetResult();

    /// <summary>Releases the store's connections.</summary>
    public void Dispose() => _dataSource.Dispose();

    /// <summary>Releases the store's connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>The recorded schema version; 0 when missing or unreadable (<see cref="CheckExisting"/> refuses those).</summary>
    private static int StoredVersion(Dictionary<string, string> metadata) =>
        metadata.TryGetValue("schema_version", out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int version) ? version : 0;

    private static EmbeddingModelInfo? CheckExisting(Dictionary<string, string> metadata, string description, EmbeddingModelInfo? requested)
    {
        if (!metadata.TryGetValue("schema_version", out var versionText)
            || !int.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int version)
            || version > PostgresSchema.Version || version < 1)
        {
            throw new InvalidDataException($"{description} has store schema version {versionText ?? "(none)"}; this library reads version {PostgresSchema.Version} and older.");
        }

        var stored = PostgresSchema.ModelFrom(metadata);
        if (stored is not null && requested is not null && !stored.IsCompatibleWith(requested))
        {
            throw new EmbeddingModelMismatchException(
                stored,
                requested,
                $"The store {description} holds vectors of {stored}, not of {requested}. Open it with that model, or use another schema or database; it was not modified.");
        }

        return stored;
    }
}
