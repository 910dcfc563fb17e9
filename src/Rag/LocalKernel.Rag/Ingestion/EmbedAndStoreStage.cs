using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Rag;

/// <summary>
/// The single consumer of prepared documents: embeds their chunks in batches that span documents (a
/// generator is far faster on 32 inputs at once than on 32 calls of one) and writes each document in
/// its own transaction as soon as all its chunks have vectors.
/// </summary>
internal sealed class EmbedAndStoreStage(
    IDocumentStore store,
    IEmbeddingGenerator<string, Embedding<float>>? generator,
    DocumentIngestorOptions options,
    IngestionResult?[] results,
    IngestionProgressTracker tracker,
    ILogger logger)
{
    private readonly List<PreparedDocument> _pending = [];
    private readonly List<(PreparedDocument Document, int Chunk)> _queue = [];
    private readonly int _batchSize = options.EmbeddingBatchSizeOrDefault;

    public async Task RunAsync(ChannelReader<PreparedDocument> reader, CancellationToken cancellationToken)
    {
        await foreach (var document in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (generator is null)
            {
                await WriteAsync(document, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await PlanAsync(document, cancellationToken).ConfigureAwait(false);
            _pending.Add(document);
            while (_queue.Count >= _batchSize)
            {
                await EmbedAsync(_batchSize, cancellationToken).ConfigureAwait(false);
            }

            await WriteReadyAsync(cancellationToken).ConfigureAwait(false);
        }

        while (_queue.Count > 0)
        {
            await EmbedAsync(Math.Min(_batchSize, _queue.Count), cancellationToken).ConfigureAwait(false);
        }

        await WriteReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The text a chunk is embedded as: its breadcrumb gives the chunk the context its words lack.</summary>
    internal static string EmbeddingText(string breadcrumb, string text, string? prefix) =>
        (prefix ?? string.Empty) + (breadcrumb.Length > 0 ? breadcrumb + "\n\n" + text : text);

    /// <summary>Reuses the vectors of chunks that are unchanged since the document's previous version and queues the rest.</summary>
    private async Task PlanAsync(PreparedDocument document, CancellationToken cancellationToken)
    {
        var embeddings = new Embedding<float>?[document.Chunks.Count];
        document.Embeddings = embeddings;
        int reused = 0;
        if (document.Status == IngestionStatus.Updated && store.EmbeddingModel is { } model)
        {
            var old = await store.GetChunksAsync(document.Record.Id, cancellationToken).ConfigureAwait(false);
            var vectors = await store.GetVectorsAsync(old.Select(c => c.Key).ToList(), cancellationToken).ConfigureAwait(false);
            var byText = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
            foreach (var chunk in old)
            {
                if (vectors.TryGetValue(chunk.Key, out var vector))
                {
                    byText.TryAdd(EmbeddingText(chunk.Breadcrumb, chunk.Text, options.DocumentEmbeddingPrefix), vector);
                }
            }

            for (int i = 0; i < embeddings.Length; i++)
            {
                if (byText.TryGetValue(EmbeddingText(document.Chunks[i].Breadcrumb, document.Chunks[i].Text, options.DocumentEmbeddingPrefix), out var vector))
                {
                    embeddings[i] = new Embedding<float>(vector) { ModelId = model.Name };
                    reused++;
                }
            }

            IngestionLog.VectorsReused(logger, document.Record.SourcePath, reused, embeddings.Length);
        }

        for (int i = 0; i < embeddings.Length; i++)
        {
            if (embeddings[i] is null)
            {
                _queue.Add((document, i));
                document.Remaining++;
            }
        }
    }

    private async Task EmbedAsync(int count, CancellationToken cancellationToken)
    {
        var items = _queue.GetRange(0, count);
        _queue.RemoveRange(0, count);
        try
        {
            await EmbedItemsAsync(items, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One bad input (say, longer than the model's context) must not fail the other documents of its
            // batch: each document is retried alone, and only those that fail again are reported.
            var documents = items.Select(i => i.Document).Distinct().ToList();
            if (documents.Count == 1)
            {
                Fail(documents[0], "embedding failed: " + e.Message, e);
                return;
            }

            IngestionLog.BatchFailed(logger, items.Count, e);
            foreach (var document in documents)
            {
                try
                {
                    await EmbedItemsAsync(items.Where(i => i.Document == document).ToList(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception inner) when (inner is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Fail(document, "embedding failed: " + inner.Message, inner);
                }
            }
        }
    }

    private async Task EmbedItemsAsync(List<(PreparedDocument Document, int Chunk)> items, CancellationToken cancellationToken)
    {
        var texts = items.Select(i => EmbeddingText(i.Document.Chunks[i.Chunk].Breadcrumb, i.Document.Chunks[i.Chunk].Text, options.DocumentEmbeddingPrefix)).ToList();
        var generated = await generator!.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (generated.Count != items.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {generated.Count} embeddings for {items.Count} inputs.");
        }

        for (int i = 0; i < items.Count; i++)
        {
            var (document, chunk) = items[i];
            if (!document.Failed)
            {
                document.Embeddings![chunk] = generated[i];
                document.Remaining--;
            }
        }

        tracker.Embedded(items.Count);
    }

    private async Task WriteReadyAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < _pending.Count; i++)
        {
            var document = _pending[i];
            if (document.Failed || document.Remaining == 0)
            {
                _pending.RemoveAt(i--);
                if (!document.Failed)
                {
                    await WriteAsync(document, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task WriteAsync(PreparedDocument document, CancellationToken cancellationToken)
    {
        try
        {
            var embeddings = document.Embeddings is null ? null : Array.ConvertAll(document.Embeddings, e => e!);
            await store.UpsertDocumentAsync(document.Record, document.Chunks, embeddings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Fail(document, "could not be stored: " + e.Message, e);
            return;
        }

        results[document.SourceIndex] = new IngestionResult(document.Record.Id, document.Record.SourcePath, document.Status, document.Chunks.Count);
        IngestionLog.FileDone(logger, document.Record.SourcePath, document.Status, document.Chunks.Count);
        tracker.FileCompleted(document.Chunks.Count);
    }

    private void Fail(PreparedDocument document, string reason, Exception exception)
    {
        if (document.Failed)
        {
            return;
        }

        document.Failed = true;
        _queue.RemoveAll(i => i.Document == document);
        results[document.SourceIndex] = new IngestionResult(document.Record.Id, document.Record.SourcePath, IngestionStatus.Failed, 0, reason);
        IngestionLog.FileFailed(logger, document.Record.SourcePath, reason, exception);
        tracker.FileCompleted();
    }
}
