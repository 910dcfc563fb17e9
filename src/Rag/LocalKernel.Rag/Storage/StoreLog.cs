using Microsoft.Extensions.Logging;

namespace LocalKernel.Rag;

/// <summary>Log messages of the store. Document ids are logged at Debug only; text never.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Opened document store {Path}; embedding model: {Model}.")]
    public static partial void Opened(ILogger logger, string path, string model);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Wrote document {DocumentId} with {ChunkCount} chunks.")]
    public static partial void DocumentWritten(ILogger logger, string documentId, int chunkCount);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Deleted {Count} documents.")]
    public static partial void DocumentsDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Loaded {Count} vectors into memory in {ElapsedMs} ms (reload after another process wrote: {Reload}).")]
    public static partial void VectorsLoaded(ILogger logger, int count, long elapsedMs, bool reload);
}
