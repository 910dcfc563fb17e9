using Microsoft.Extensions.Logging;

namespace LocalKernel.Rag;

/// <summary>Log messages of ingestion. Paths are logged; document text never above Trace.</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Could not ingest {Path}: {Reason}")]
    public static partial void FileFailed(ILogger logger, string path, string reason, Exception? exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "{Path}: {Status}, {ChunkCount} chunks.")]
    public static partial void FileDone(ILogger logger, string path, IngestionStatus status, int chunkCount);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Ingested {Total} files: {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Failed} failed, in {ElapsedMs} ms.")]
    public static partial void RunDone(ILogger logger, int total, int added, int updated, int unchanged, int removed, int failed, long elapsedMs);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Skipping {Path}: no extractor handles it.")]
    public static partial void Unsupported(ILogger logger, string path);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "An embedding batch of {Count} chunks failed; retrying its documents one at a time.")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "{Path}: reused {Reused} of {Total} vectors from its previous version.")]
    public static partial void VectorsReused(ILogger logger, string path, int reused, int total);
}
