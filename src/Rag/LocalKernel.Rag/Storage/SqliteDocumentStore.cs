using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKernel.Rag;

/// <summary>
/// The embedded store: one SQLite file holding documents, chunks, float32 vectors and an FTS5 index for
/// BM25. Each document is written in one transaction in WAL mode, so readers (in this process or
/// another) never see a half-written document and a crash leaves only complete documents. Vector
/// search is exact, over an in-memory matrix loaded on first use and kept in step with every write.
/// </summary>
/// <remarks>Thread-safe. Writes are serialised; reads and searches run in parallel with each other and with writes.</remarks>
public sealed partial class SqliteDocumentStore : IDocumentStore, IKeywordStatistics, IDisposable
{
    private readonly SqliteConnection _writer;
    private readonly SqliteConnectionPool _readers;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ReaderWriterLockSlim _matrixLock = new();
    private readonly SqliteDocumentStoreOptions _options;
    private readonly ILogger _logger;
    private readonly KeywordAnalyzer _analyzer;
    private VectorMatrix? _matrix;
    private long _matrixDataVersion;
    private bool _disposed;

    private SqliteDocumentStore(string path, SqliteConnection writer, string readConnectionString, EmbeddingModelInfo? model, KeywordAnalyzer analyzer, SqliteDocumentStoreOptions options, ILogger logger)
    {
        Path = path;
        _analyzer = analyzer;
        _writer = writer;
        _readers = new SqliteConnectionPool(readConnectionString);
        EmbeddingModel = model;
        _options = options;
        _logger = logger;
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public EmbeddingModelInfo? EmbeddingModel { get; }

    /// <summary>How this store's keyword index stems words: recorded when the file was created (files made before the
    /// choice existed report <see cref="KeywordStemming.Porter"/> or <see cref="KeywordStemming.None"/> from their tokenizer).</summary>
    public KeywordStemming KeywordStemming => _analyzer.Stemming;

    /// <summary>
    /// Opens the store file at <paramref name="path"/>, creating it (and its folder) when it does not exist.
    /// </summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="embeddingModel">The model whose vectors will be written and searched; null for a keyword-only
    /// store, or to open a store for keyword search without its model. A store that has no model yet records this one.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="logger">Receives diagnostics; never document text.</param>
    /// <exception cref="EmbeddingModelMismatchException">The file holds vectors of another model; the file is left untouched.</exception>
    /// <exception cref="InvalidDataException">The file is not a SQLite database, or not a store of this library or of a newer schema.</exception>
    public static SqliteDocumentStore Open(string path, EmbeddingModelInfo? embeddingModel = null, SqliteDocumentStoreOptions? options = null, ILogger<SqliteDocumentStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // A copy: changing the caller's options object later must not change an open store.
        options = options is null ? new SqliteDocumentStoreOptions() : options.Clone();
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var writer = new SqliteConnection(builder.ToString());
        try
        {
            writer.Open();
            var (stored, metadata) = CheckExisting(writer, fullPath, embeddingModel);

            // Only now, with the file known to be ours and compatible, is anything written to it.
            SqliteSchema.Execute(writer, null, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
            var model = stored ?? embeddingModel;
            using (var transaction = writer.BeginTransaction())
            {
                // A new file records the stemming; an existing one keeps what it was built with.
                if (metadata is null)
                {
                    SqliteSchema.Create(writer, transaction, options.FullTextTokenizerOrDefault, options.StemmingOrDefault);
                }
                if (stored is null && embeddingModel is not null)
                {
                    SqliteSchema.WriteModel(writer, transaction, embeddingModel);
                }

                transaction.Commit();
            }

            var analyzer = SqliteSchema.AnalyzerFrom(metadata, options);
            var store = new SqliteDocumentStore(fullPath, writer, builder.ToString(), model, analyzer, options, (ILogger?)logger ?? NullLogger.Instance);
            StoreLog.Opened(store._logger, fullPath, model?.ToString() ?? "none");
            return store;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<DocumentChunk> chunks, IReadOnlyList<Embedding<float>>? embeddings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentException.ThrowIfNullOrEmpty(document.Id);
        var vectors = PrepareVectors(embeddings, chunks.Count);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            long now = _options.TimeProviderOrDefault.GetUtcNow().ToUnixTimeMilliseconds();
            var existing = FindDocumentKey(transaction, document.Id);
            var removed = existing is { } key ? DeleteChunks(transaction, key) : [];
            long documentKey = WriteDocumentRow(transaction, document, existing, now);
            var added = InsertChunks(transaction, documentKey, document.Title, chunks, vectors, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            CommitAndApply(transaction, removed, documentKey, added, vectors);
            StoreLog.DocumentWritten(_logger, document.Id, chunks.Count);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        return await DeleteWhereAsync("id", documentId, cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public Task<int> DeleteDocumentsByPathAsync(string sourcePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        return DeleteWhereAsync("source_path", sourcePath, cancellationToken);
    }

    /// <summary>Closes the file. Searches and writes after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _writeGate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _readers.Dispose();
            _writer.Dispose();
            _matrixLock.EnterWriteLock();
            _matrix = null;
            _matrixLock.ExitWriteLock();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The stored model and metadata of an existing store (both null for a new, empty file).</summary>
    private static (EmbeddingModelInfo? Model, Dictionary<string, string>? Metadata) CheckExisting(SqliteConnection connection, string path, EmbeddingModelInfo? requested)
    {
        Dictionary<string, string>? metadata;
        try
        {
            if (!SqliteSchema.HasAnyTable(connection))
            {
                return (null, null);
            }

            metadata = SqliteSchema.ReadMetadata(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 /* SQLITE_NOTADB */)
        {
            throw new InvalidDataException($"'{path}' is not a SQLite database.", e);
        }

        if (metadata is null || !metadata.TryGetValue("schema_version", out var versionText))
        {
            throw new InvalidDataException($"'{path}' is a SQLite database but not a LocalKernel document store; it was not modified.");
        }

        if (!int.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int version) || version > SqliteSchema.Version)
        {
            throw new InvalidDataException($"'{path}' has store schema version {versionText}; this library reads version {SqliteSchema.Version} and older.");
        }

        var stored = SqliteSchema.ModelFrom(metadata);
        if (stored is not null && requested is not null && !stored.IsCompatibleWith(requested))
        {
            throw new EmbeddingModelMismatchException(
                stored,
                requested,
                $"The store '{path}' holds vectors of {stored}, not of {requested}. Open it with that model, or ingest into a new store; it was not modified.");
        }

        return (stored, metadata);
    }
}
