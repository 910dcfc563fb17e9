using Microsoft.Extensions.Logging;

namespace LocalKernel.Rag;

/// <summary>Log messages of retrieval. Queries are private: Trace only.</summary>
internal static partial class RetrievalLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Trace, Message = "Retrieving for query: {Query}")]
    public static partial void Query(ILogger logger, string query);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Retrieved {Count} passages ({KeywordCount} keyword and {VectorCount} vector candidates) in {ElapsedMs} ms.")]
    public static partial void Retrieved(ILogger logger, int count, int keywordCount, int vectorCount, long elapsedMs);
}
