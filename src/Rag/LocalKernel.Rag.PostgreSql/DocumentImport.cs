using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.PostgreSql;

/// <summary>One document for <see cref="PostgresDocumentStore.ImportAsync"/>: what <see cref="IDocumentStore.UpsertDocumentAsync"/> takes.</summary>
/// <param name="Document">The document's record.</param>
/// <param name="Chunks">Its chunks, in order.</param>
/// <param name="Embeddings">One vector per chunk (of the store's model), or null when the store has no model.</param>
public sealed record DocumentImport(DocumentRecord Document, IReadOnlyList<DocumentChunk> Chunks, IReadOnlyList<Embedding<float>>? Embeddings);
