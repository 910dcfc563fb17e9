using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;
using Microsoft.Extensions.AI;

namespace LocalKernel.Bench;

/// <summary>
/// The SciFact store of the abstention benchmark, built as <c>kb</c> builds one: without an embedding model, BM25 only
/// (default chunking); with one, chunks sized by the model's own tokenizer (at most 256 tokens, kb's rule) and embedded
/// as "title, blank line, chunk" with the model's document prefix. Embedding 4,700 abstracts takes minutes, so
/// <c>--store file</c> keeps the store and a later run with the same model reuses it.
/// </summary>
internal static class AbstentionCorpus
{
    public static async Task<SqliteDocumentStore> OpenAsync(string path, IReadOnlyList<(string Id, string Title, string Text)> corpus, LlamaEmbeddingGenerator? embedder, bool reuse)
    {
        var modelInfo = embedder is null ? null : new EmbeddingModelInfo(
            Path.GetFileNameWithoutExtension(embedder.Model.FilePath),
            embedder.Metadata.DefaultModelDimensions ?? embedder.Model.EmbeddingSize,
            embedder.Pooling.ToString().ToLowerInvariant());
        if (reuse && File.Exists(path))
        {
            var existing = SqliteDocumentStore.Open(path, modelInfo);
            var count = (await existing.GetStatisticsAsync()).DocumentCount;
            if (count == corpus.Count && existing.EmbeddingModel?.Name == modelInfo?.Name)
            {
                Console.WriteLine($"reusing {path} ({count:N0} abstracts, embedding model {existing.EmbeddingModel?.Name ?? "none"})");
                return existing;
            }

            existing.Dispose();
            throw new InvalidOperationException($"{path} holds {count:N0} abstracts embedded by {existing.EmbeddingModel?.Name ?? "no model"}, not {corpus.Count:N0} by {modelInfo?.Name ?? "no model"}: delete it or give another --store.");
        }

        var store = SqliteDocumentStore.Open(path, modelInfo);
        var chunker = embedder is null
            ? new StructuredChunker()
            : new StructuredChunker(new ModelTokens(embedder.Model), new ChunkingOptions { MaxTokens = Math.Min(256, embedder.MaxInputTokens) });
        var clock = Stopwatch.StartNew();
        const int Batch = 32;
        for (int start = 0; start < corpus.Count; start += Batch)
        {
            var docs = corpus.Skip(start).Take(Batch).Select(d => (Doc: d, Chunks: chunker.Chunk(new ExtractedDocument("text/plain", d.Title, [new DocumentBlock(BlockKind.Paragraph, d.Text, [])])))).ToList();
            GeneratedEmbeddings<Embedding<float>>? vectors = embedder is null ? null
                : await embedder.GenerateAsync(docs.SelectMany(d => d.Chunks.Select(c => EmbedAndStoreStage.EmbeddingText(d.Doc.Title, c.Text, embedder.DocumentPrefix))));
            int next = 0;
            foreach (var (doc, chunks) in docs)
            {
                var own = vectors is null ? null : new GeneratedEmbeddings<Embedding<float>>(vectors.Skip(next).Take(chunks.Count));
                next += chunks.Count;
                await store.UpsertDocumentAsync(new DocumentRecord(doc.Id, "scifact/" + doc.Id, "text/plain", doc.Id, doc.Title), chunks, own);
            }

            if (embedder is not null && (start / Batch) % 20 == 19)
            {
                Console.Error.WriteLine($"  embedded {start + docs.Count:N0} of {corpus.Count:N0} abstracts ({(start + docs.Count) / clock.Elapsed.TotalSeconds:F1}/s)");
            }
        }

        return store;
    }

    /// <summary>Counts tokens as the embedding model does (kb's rule; no BOS/EOS, added once per input).</summary>
    private sealed class ModelTokens(LlamaModel model) : ITokenCounter
    {
        public int CountTokens(string text) => model.Tokenize(text, addSpecial: false).Length;
    }
}
