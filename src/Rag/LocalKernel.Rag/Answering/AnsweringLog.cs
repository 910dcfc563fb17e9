using Microsoft.Extensions.Logging;

namespace LocalKernel.Rag;

/// <summary>Log messages of answering. Questions and answers are private: Trace only.</summary>
internal static partial class AnsweringLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Trace, Message = "Question: {Question}")]
    public static partial void Question(ILogger logger, string question);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "No retrieved source passed the relevance threshold ({Retrieved} retrieved, best relevance {Relevance:0.000} < {Threshold}); answering that the documents don't contain it.")]
    public static partial void NothingRelevant(ILogger logger, int retrieved, double relevance, double threshold);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "The model cited source {Number}, but only sources 1–{SourceCount} exist; the marker was removed.")]
    public static partial void CitationRemoved(ILogger logger, int number, int sourceCount);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Answer ({Kind}) with {SourceCount} sources, {CitationCount} cited.")]
    public static partial void Answered(ILogger logger, AnswerKind kind, int sourceCount, int citationCount);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Trace, Message = "Answer: {Text}")]
    public static partial void AnswerText(ILogger logger, string text);
}
