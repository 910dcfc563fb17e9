using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKernel.Rag;

/// <summary>
/// Brings files into an <see cref="IDocumentStore"/>: extract → chunk → embed → store. Every step is keyed
/// on the SHA-256 of the file's bytes, so a second run over the same files does nothing, a changed file
/// has its chunks replaced (reusing the vectors of chunks whose text did not change), and a file that is
/// gone from an ingested directory has its document deleted. One file failing never stops the others.
/// </summary>
/// <remarks>
/// Files are extracted and chunked in parallel (bounded); chunks are embedded in batches across files;
/// each document is written in one transaction, so a run interrupted at any point (even by a crash)
/// leaves every document either in its previous or in its new version. Runs on one store should not
/// overlap; a single run is safe to cancel.
/// </remarks>
public sealed class DocumentIngestor
{
    private readonly IDocumentStore _store;
    private readonly Func<string, IDocumentExtractor?> _extractorForPath;
    private readonly Func<ExtractedDocument, IReadOnlyList<DocumentChunk>> _chunker;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;
    private readonly DocumentIngestorOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates an ingestor.</summary>
    /// <param name="store">Where documents go.</param>
    /// <param name="extractorForPath">The extractor for a file path (by its extension or content type); null when none handles it.</param>
    /// <param name="chunker">Splits an extracted document into chunks (e.g. a structure-aware chunker's <c>Chunk</c> method).</param>
    /// <param name="embeddingGenerator">Embeds chunks; null for a keyword-only store.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="logger">Receives progress and failures (paths, never document text).</param>
    /// <exception cref="EmbeddingModelMismatchException">The generator's model is not the store's, or the store holds vectors and no generator is given.</exception>
    /// <exception cref="InvalidOperationException">A generator is given but the store was opened without an embedding model.</exception>
    public DocumentIngestor(
        IDocumentStore store,
        Func<string, IDocumentExtractor?> extractorForPath,
        Func<ExtractedDocument, IReadOnlyList<DocumentChunk>> chunker,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null,
        DocumentIngestorOptions? options = null,
        ILogger<DocumentIngestor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(extractorForPath);
        ArgumentNullException.ThrowIfNull(chunker);
        CheckModel(store, embeddingGenerator);
        _store = store;
        _extractorForPath = extractorForPath;
        _chunker = chunker;
        _embeddingGenerator = embeddingGenerator;
        _options = options ?? new DocumentIngestorOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Creates an ingestor over the standard pieces: an extractor registry (by file extension) and a chunker.</summary>
    /// <param name="store">Where documents go.</param>
    /// <param name="extractors">The extractors, e.g. <see cref="DocumentExtractorRegistry.CreateDefault"/>.</param>
    /// <param name="chunker">The chunker, e.g. a <see cref="StructuredChunker"/> counting the embedding model's tokens.</param>
    /// <param name="embeddingGenerator">Embeds chunks; null for a keyword-only store.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="logger">Receives progress and failures (paths, never document text).</param>
    /// <exception cref="EmbeddingModelMismatchException">The generator's model is not the store's, or the store holds vectors and no generator is given.</exception>
    /// <exception cref="InvalidOperationException">A generator is given but the store was opened without an embedding model.</exception>
    public DocumentIngestor(
        IDocumentStore store,
        DocumentExtractorRegistry extractors,
        IDocumentChunker chunker,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null,
        DocumentIngestorOptions? options = null,
        ILogger<DocumentIngestor>? logger = null)
        : this(
            store,
            path => (extractors ?? throw new ArgumentNullException(nameof(extractors))).GetContentType(path) is { } type ? extractors.GetExtractor(type) : null,
            document => (chunker ?? throw new ArgumentNullException(nameof(chunker))).Chunk(document),
            embeddingGenerator,
            options,
            logger)
    {
    }

    /// <summary>Ingests the given files; returns one result per source, in the order given.</summary>
    /// <param name="sources">The files. Two sources with the same document id: the second fails.</param>
    /// <param name="progress">Receives counts as files, batches and writes complete.</param>
    /// <param name="cancellationToken">Stops the run; documents already written stay.</param>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<IReadOnlyList<IngestionResult>> IngestAsync(IEnumerable<IngestionSource> sources, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var list = sources.ToList();
        var stopwatch = Stopwatch.StartNew();
        var results = new IngestionResult?[list.Count];
        var tracker = new IngestionProgressTracker(list.Count, progress);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int parallelism = _options.MaxParallelExtractionsOrDefault;

        // Bounded, so that fast extraction cannot pile up unembedded documents in memory.
        var channel = Channel.CreateBounded<PreparedDocument>(new BoundedChannelOptions(2 * parallelism) { SingleReader = true });
        var producer = ProduceAsync(list, results, tracker, channel.Writer, parallelism, linked.Token);
        var stage = new EmbedAndStoreStage(_store, _embeddingGenerator, _options, results, tracker, _logger);
        try
        {
            await stage.RunAsync(channel.Reader, linked.Token).ConfigureAwait(false);
        }
        catch
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await producer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        await producer.ConfigureAwait(false);
        var final = results.Select((r, i) => r ?? throw new InvalidOperationException($"No result for {list[i].Path}.")).ToList();
        IngestionLog.RunDone(
            _logger,
            final.Count,
            final.Count(r => r.Status == IngestionStatus.Added),
            final.Count(r => r.Status == IngestionStatus.Updated),
            final.Count(r => r.Status == IngestionStatus.Unchanged),
            final.Count(r => r.Status == IngestionStatus.Removed),
            final.Count(r => r.Status == IngestionStatus.Failed),
            stopwatch.ElapsedMilliseconds);
        return final;
    }

    /// <summary>
    /// Ingests every file under <paramref name="directory"/> (recursively, skipping hidden files and
    /// links) that an extractor handles, and deletes the documents of files under it that are gone.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="tags">Tags for every document of the folder; null for none.</param>
    /// <param name="progress">Receives counts as files, batches and writes complete.</param>
    /// <param name="cancellationToken">Stops the run; documents already written stay.</param>
    /// <returns>One result per file found, then one <see cref="IngestionStatus.Removed"/> result per deleted document.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public async Task<IReadOnlyList<IngestionResult>> IngestDirectoryAsync(string directory, IReadOnlyList<DocumentTag>? tags = null, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The folder '{root}' does not exist.");
        }

        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        };
        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", enumeration))
        {
            if (_extractorForPath(file) is null)
            {
                IngestionLog.Unsupported(_logger, file);
                continue;
            }

            files.Add(file);
        }

        files.Sort(StringComparer.Ordinal);
        var results = (await IngestAsync(files.Select(f => new IngestionSource(f, null, tags)), progress, cancellationToken).ConfigureAwait(false)).ToList();

        var present = new HashSet<string>(files, StringComparer.Ordinal);
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        foreach (var document in await _store.ListDocumentsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (document.SourcePath.StartsWith(prefix, StringComparison.Ordinal) && !present.Contains(document.SourcePath)
                && await _store.DeleteDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false))
            {
                results.Add(new IngestionResult(document.Id, document.SourcePath, IngestionStatus.Removed));
                IngestionLog.FileDone(_logger, document.SourcePath, IngestionStatus.Removed, 0);
            }
        }

        return results;
    }

    /// <summary>Deletes the documents ingested from <paramref name="path"/> (a file that was removed).</summary>
    /// <returns>One <see cref="IngestionStatus.Removed"/> result per deleted document; empty when none came from that path.</returns>
    public async Task<IReadOnlyList<IngestionResult>> RemoveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var results = new List<IngestionResult>();
        foreach (var document in await _store.ListDocumentsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(document.SourcePath, fullPath, StringComparison.Ordinal)
                && await _store.DeleteDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false))
            {
                results.Add(new IngestionResult(document.Id, fullPath, IngestionStatus.Removed));
            }
        }

        return results;
    }

    private static void CheckModel(IDocumentStore store, IEmbeddingGenerator<string, Embedding<float>>? generator)
    {
        var model = store.EmbeddingModel;
        if (generator is null)
        {
            if (model is not null)
            {
                throw new EmbeddingModelMismatchException(model, null, $"The store holds vectors of {model}; ingest with an embedding generator for that model.");
            }

            return;
        }

        if (model is null)
        {
            throw new InvalidOperationException("An embedding generator was given but the store was opened without an embedding model; open it with the model's EmbeddingModelInfo.");
        }

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        if ((metadata?.DefaultModelId is { Length: > 0 } id && !string.Equals(id, model.Name, StringComparison.OrdinalIgnoreCase))
            || (metadata?.DefaultModelDimensions is { } dimensions && dimensions != model.Dimensions))
        {
            var offered = new EmbeddingModelInfo(metadata?.DefaultModelId ?? model.Name, metadata?.DefaultModelDimensions ?? model.Dimensions, model.Pooling, model.Normalized);
            throw new EmbeddingModelMismatchException(model, offered, $"The store holds vectors of {model}, but the embedding generator is {offered.Name} ({offered.Dimensions} dims).");
        }
    }

    private async Task ProduceAsync(List<IngestionSource> sources, IngestionResult?[] results, IngestionProgressTracker tracker, ChannelWriter<PreparedDocument> writer, int parallelism, CancellationToken cancellationToken)
    {
        try
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var duplicate = new bool[sources.Count];
            for (int i = 0; i < sources.Count; i++)
            {
                duplicate[i] = !ids.Add(DocumentIdOf(sources[i]));
            }

            var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count), parallelOptions, async (i, token) =>
            {
                var prepared = duplicate[i]
                    ? Failed(sources[i], "another source in this run has the same document id", null, null)
                    : await PrepareAsync(i, sources[i], token).ConfigureAwait(false);
                if (prepared.Document is { } document)
                {
                    await writer.WriteAsync(document, token).ConfigureAwait(false);
                }
                else
                {
                    results[i] = prepared.Result;
                    tracker.FileCompleted();
                }
            }).ConfigureAwait(false);
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
            throw;
        }
    }

    /// <summary>Hash, compare, extract, chunk. Never throws but for cancellation: a failure becomes a result.</summary>
    private async Task<(PreparedDocument? Document, IngestionResult? Result)> PrepareAsync(int index, IngestionSource source, CancellationToken cancellationToken)
    {
        try
        {
            var path = Path.GetFullPath(source.Path);
            string id = DocumentIdOf(source);
            var hash = await ContentHash.OfFileAsync(path, cancellationToken).ConfigureAwait(false);
            var existing = await _store.GetDocumentAsync(id, cancellationToken).ConfigureAwait(false);
            if (existing is not null
                && existing.ContentHash == hash
                && SameTags(existing.Tags, source.Tags)
                && (_embeddingGenerator is null || existing.HasAllVectors))
            {
                IngestionLog.FileDone(_logger, path, IngestionStatus.Unchanged, existing.ChunkCount);
                return (null, new IngestionResult(id, path, IngestionStatus.Unchanged, existing.ChunkCount));
            }

            var extractor = _extractorForPath(path);
            if (extractor is null)
            {
                return Failed(source, "no extractor handles this file type", ExtractionFailure.UnsupportedType, null);
            }

            ExtractedDocument extracted;
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                extracted = await extractor.ExtractAsync(stream, _options.Extraction ?? ExtractionOptions.Default, cancellationToken).ConfigureAwait(false);
            }

            var chunks = _chunker(extracted);
            var record = new DocumentRecord(id, path, extracted.ContentType, hash, extracted.Title, source.Tags);
            return (new PreparedDocument(index, record, chunks, existing is null ? IngestionStatus.Added : IngestionStatus.Updated), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (DocumentExtractionException e)
        {
            return Failed(source, e.Message, e.Reason, e);
        }
        catch (Exception e)
        {
            return Failed(source, e.Message, null, e);
        }
    }

    private (PreparedDocument? Document, IngestionResult? Result) Failed(IngestionSource source, string reason, ExtractionFailure? failure, Exception? exception)
    {
        var path = FullPathOrAsGiven(source.Path);
        IngestionLog.FileFailed(_logger, path, reason, exception);
        return (null, new IngestionResult(DocumentIdOf(source), path, IngestionStatus.Failed, 0, reason, failure));
    }

    private static string DocumentIdOf(IngestionSource source) => source.DocumentId ?? FullPathOrAsGiven(source.Path);

    private static string FullPathOrAsGiven(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            // An unusable path still needs a result row: it fails later with the reason.
            return path;
        }
    }

    private static bool SameTags(IReadOnlyList<DocumentTag> stored, IReadOnlyList<DocumentTag>? wanted) =>
        new HashSet<DocumentTag>(stored).SetEquals(wanted ?? []);
}
