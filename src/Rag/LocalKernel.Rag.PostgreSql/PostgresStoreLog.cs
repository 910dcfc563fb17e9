using Microsoft.Extensions.Logging;

namespace LocalKernel.Rag.PostgreSql;

/// <summary>Log messages of the PostgreSQL store. Document ids are logged at Debug only; text never.</summary>
internal static partial class PostgresStoreLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Opened document store {Description}; embedding model: {Model}.")]
    public static partial void Opened(ILogger logger, string description, string model);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Wrote document {DocumentId} with {ChunkCount} chunks.")]
    public static partial void DocumentWritten(ILogger logger, string documentId, int chunkCount);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Deleted {Count} documents.")]
    public static partial void DocumentsDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Migrated document store {Description} from schema version {From} to {To}.")]
    public static partial void Migrated(ILogger logger, string description, int from, int to);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Built the HNSW vector index of {Description}.")]
    public static partial void VectorIndexBuilt(ILogger logger, string description);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Vacuumed and analysed the tables of {Description}.")]
    public static partial void Optimized(ILogger logger, string description);
}
