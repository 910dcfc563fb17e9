using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// A Microsoft.Extensions.VectorData store over an <see cref="IDocumentStore"/>: one collection,
/// <see cref="ChunksCollection"/>, of <see cref="DocumentChunkRecord"/>s keyed by string.
/// </summary>
/// <remarks>Thread-safe. The document store is not owned: dispose it yourself.</remarks>
public sealed class DocumentStoreVectorStore : VectorStore
{
    /// <summary>The name of the store's only collection.</summary>
    public const string ChunksCollection = "chunks";

    private readonly IDocumentStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _generator;

    /// <summary>Creates the vector store.</summary>
    /// <param name="store">The document store (SQLite or PostgreSQL).</param>
    /// <param name="embeddingGenerator">Embeds text queries and records upserted without vectors; null when callers give vectors.</param>
    public DocumentStoreVectorStore(IDocumentStore store, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _generator = embeddingGenerator;
    }

    /// <summary>The chunks collection; <typeparamref name="TKey"/> must be string and <typeparamref name="TRecord"/> <see cref="DocumentChunkRecord"/>.</summary>
    /// <exception cref="NotSupportedException">Another collection, key or record type, or a record definition was asked for.</exception>
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        if (name != ChunksCollection || typeof(TKey) != typeof(string) || typeof(TRecord) != typeof(DocumentChunkRecord) || definition is not null)
        {
            throw new NotSupportedException($"This store has one collection, '{ChunksCollection}', of DocumentChunkRecord keyed by string; '{name}' of {typeof(TRecord).Name} keyed by {typeof(TKey).Name} is not available.");
        }

        return (VectorStoreCollection<TKey, TRecord>)(object)new DocumentStoreVectorCollection(_store, _generator, name);
    }

    /// <summary>Not supported: the store's records have a fixed shape.</summary>
    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        throw new NotSupportedException("This store has no dynamic collections: use GetCollection<string, DocumentChunkRecord>(\"chunks\").");

    /// <inheritdoc />
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return ChunksCollection;
    }

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(name == ChunksCollection);

    /// <summary>Deletes every document when <paramref name="name"/> is the chunks collection.</summary>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) =>
        name == ChunksCollection ? new DocumentStoreVectorCollection(_store, _generator).EnsureCollectionDeletedAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = "localkernel" }
            : serviceType.IsInstanceOfType(_store) ? _store
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }
}
