using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// A Microsoft.Extensions.VectorData collection over an <see cref="IDocumentStore"/> (SQLite or PostgreSQL): the
/// store's chunks as <see cref="DocumentChunkRecord"/>s. Vector search uses the store's index, hybrid search fuses
/// the store's BM25 and vector rankings as <see cref="HybridRetriever"/> does, and records upserted without a vector
/// are embedded by the configured generator. Semantic Kernel's <c>VectorStoreTextSearch</c> works over it.
/// </summary>
/// <remarks>
/// A record upsert rewrites its document (all records of one document in one transaction), so batches should carry
/// whole documents. Thread-safe as the underlying store is.
/// </remarks>
public sealed partial class DocumentStoreVectorCollection : VectorStoreCollection<string, DocumentChunkRecord>, IKeywordHybridSearchable<DocumentChunkRecord>
{
    private readonly IDocumentStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _generator;

    /// <summary>Creates the collection.</summary>
    /// <param name="store">The document store; not owned (not disposed with the collection).</param>
    /// <param name="embeddingGenerator">Embeds text queries and records upserted without a vector; null when callers always give vectors.</param>
    /// <param name="name">The collection's name.</param>
    public DocumentStoreVectorCollection(IDocumentStore store, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null, string name = DocumentStoreVectorStore.ChunksCollection)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _generator = embeddingGenerator;
        Name = name;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    /// <inheritdoc />
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Deletes every document of the store.</summary>
    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var document in await _store.ListDocumentsAsync(cancellationToken).ConfigureAwait(false))
        {
            await _store.DeleteDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task<DocumentChunkRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (documentId, index) = DocumentChunkRecord.ParseKey(key);
        var document = await _store.GetDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        var chunk = (await _store.GetChunksAsync(documentId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Index == index);
        return chunk is null ? null : (await ToRecordsAsync([chunk], document, options?.IncludeVectors == true, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<DocumentChunkRecord> GetAsync(IEnumerable<string> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            if (await GetAsync(key, options, cancellationToken).ConfigureAwait(false) is { } record)
            {
                yield return record;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Records come in document-id, then chunk order; <c>OrderBy</c> is applied to the filtered records in memory.</remarks>
    public override async IAsyncEnumerable<DocumentChunkRecord> GetAsync(Expression<Func<DocumentChunkRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<DocumentChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var chunkFilter = ChunkFilter.From(filter);
        var matched = new List<DocumentChunkRecord>();
        foreach (var document in await _store.ListDocumentsAsync(cancellationToken).ConfigureAwait(false))
        {
            // Documents the store-side part of the filter rules out are skipped before their chunks are read.
            if (chunkFilter.StoreFilter is { } storeFilter
                && ((storeFilter.DocumentIds is { } ids && !ids.Contains(document.Id))
                    || (storeFilter.Tags ?? []).GroupBy(t => t.Key, StringComparer.Ordinal).Any(g => !g.Any(document.Tags.Contains))))
            {
                continue;
            }

            var chunks = await _store.GetChunksAsync(document.Id, cancellationToken).ConfigureAwait(false);
            var records = await ToRecordsAsync(chunks, document, options?.IncludeVectors == true, cancellationToken).ConfigureAwait(false);
            matched.AddRange(records.Where(chunkFilter.Admits));
        }

        IEnumerable<DocumentChunkRecord> ordered = matched;
        if (options?.OrderBy is { } orderBy)
        {
            IOrderedEnumerable<DocumentChunkRecord>? sorted = null;
            foreach (var sort in orderBy(new FilteredRecordRetrievalOptions<DocumentChunkRecord>.OrderByDefinition()).Values)
            {
                var key = sort.PropertySelector.Compile();
                sorted = sorted is null
                    ? (sort.Ascending ? ordered.OrderBy(key) : ordered.OrderByDescending(key))
                    : (sort.Ascending ? sorted.ThenBy(key) : sorted.ThenByDescending(key));
            }

            ordered = sorted ?? ordered;
        }

        foreach (var record in ordered.Skip(options?.Skip ?? 0).Take(top))
        {
            yield return record;
        }
    }

    /// <summary>Deletes one chunk: its document is rewritten without it (vectors kept), or deleted when it was the last.</summary>
    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    /// <inheritdoc />
    public override async Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var group in keys.Select(DocumentChunkRecord.ParseKey).GroupBy(k => k.DocumentId, StringComparer.Ordinal))
        {
            var document = await _store.GetDocumentAsync(group.Key, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                continue;
            }

            var gone = group.Select(k => k.Index).ToHashSet();
            var chunks = await _store.GetChunksAsync(group.Key, cancellationToken).ConfigureAwait(false);
            var kept = (await ToRecordsAsync(chunks, document, includeVectors: true, cancellationToken).ConfigureAwait(false)).Where(r => !gone.Contains(r.ChunkIndex)).ToList();
            if (kept.Count == 0)
            {
                await _store.DeleteDocumentAsync(group.Key, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteDocumentAsync(document, kept, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override Task UpsertAsync(DocumentChunkRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    /// <summary>Writes the records, each document's records in one transaction, keeping its chunks not among them.</summary>
    public override async Task UpsertAsync(IEnumerable<DocumentChunkRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var group in records.GroupBy(r => r.DocumentId, StringComparer.Ordinal))
        {
            ArgumentException.ThrowIfNullOrEmpty(group.Key, nameof(DocumentChunkRecord.DocumentId));
            var document = await _store.GetDocumentAsync(group.Key, cancellationToken).ConfigureAwait(false);
            var merged = new SortedDictionary<int, DocumentChunkRecord>();
            if (document is not null)
            {
                var chunks = await _store.GetChunksAsync(group.Key, cancellationToken).ConfigureAwait(false);
                foreach (var existing in await ToRecordsAsync(chunks, document, includeVectors: true, cancellationToken).ConfigureAwait(false))
                {
                    merged[existing.ChunkIndex] = existing;
                }
            }

            foreach (var record in group)
            {
                record.Key = DocumentChunkRecord.KeyOf(record.DocumentId, record.ChunkIndex);
                merged[record.ChunkIndex] = record;
            }

            await WriteDocumentAsync(document, merged.Values.ToList(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = "localkernel", CollectionName = Name }
            : serviceType.IsInstanceOfType(_store) ? _store
            : serviceType.IsInstanceOfType(_generator) ? _generator
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private async Task WriteDocumentAsync(StoredDocument? existing, List<DocumentChunkRecord> records, CancellationToken cancellationToken)
    {
        var first = records[0];
        var missing = records.Where(r => r.Embedding is null).ToList();
        if (missing.Count > 0 && _store.EmbeddingModel is not null)
        {
            var generator = _generator ?? throw new InvalidOperationException($"Record '{missing[0].Key}' has no embedding and the collection has no embedding generator.");
            var generated = await generator.GenerateAsync(missing.Select(r => r.Text), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < missing.Count; i++)
            {
                missing[i].Embedding = generated[i].Vector;
            }
        }

        // The content hash stands for the records' text, so an unchanged re-upsert is recognisable like an unchanged file.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0001", records.Select(r => r.Text)))));
        var tags = first.Tags.Select(t => t.Split('=', 2)).Where(p => p.Length == 2).Select(p => new DocumentTag(p[0], p[1])).ToList();
        var document = new DocumentRecord(first.DocumentId, existing?.SourcePath ?? first.SourcePath, existing?.ContentType ?? "text/plain", hash, first.Title ?? existing?.Title, tags);
        // Indexes are kept, not renumbered: a record's key must survive the deletion of its neighbours.
        var chunks = records.Select(r => new DocumentChunk(r.ChunkIndex, r.Text, r.Breadcrumb.Length == 0 ? [] : r.Breadcrumb.Split(" › "), ApproximateTokenCounter.Instance.CountTokens(r.Text), r.PageStart, r.PageStart)).ToList();
        var embeddings = _store.EmbeddingModel is null ? null : records.Select(r => new Embedding<float>(r.Embedding!.Value)).ToList();
        await _store.UpsertDocumentAsync(document, chunks, embeddings, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<DocumentChunkRecord>> ToRecordsAsync(IReadOnlyList<StoredChunk> chunks, StoredDocument document, bool includeVectors, CancellationToken cancellationToken)
    {
        var vectors = includeVectors
            ? await _store.GetVectorsAsync(chunks.Select(c => c.Key).ToList(), cancellationToken).ConfigureAwait(false)
            : null;
        var tags = document.Tags.Select(t => t.Key + "=" + t.Value).ToList();
        return chunks.Select(c => ToRecord(c, tags, vectors is not null && vectors.TryGetValue(c.Key, out var v) ? (ReadOnlyMemory<float>?)v : null)).ToList();
    }

    private static DocumentChunkRecord ToRecord(StoredChunk chunk, List<string> tags, ReadOnlyMemory<float>? vector) => new()
    {
        Key = DocumentChunkRecord.KeyOf(chunk.DocumentId, chunk.Index),
        DocumentId = chunk.DocumentId,
        ChunkIndex = chunk.Index,
        SourcePath = chunk.SourcePath,
        Title = chunk.Title,
        Breadcrumb = chunk.Breadcrumb,
        Text = chunk.Text,
        Tags = [.. tags],
        PageStart = chunk.PageStart,
        Embedding = vector,
    };
}
