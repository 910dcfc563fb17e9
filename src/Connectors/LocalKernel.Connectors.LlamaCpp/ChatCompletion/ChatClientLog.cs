using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Log messages of the chat client's request planning.</summary>
internal static partial class ChatClientLog
{
    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Tool calls will be parsed but not grammar-constrained: {Reason}")]
    public static partial void GrammarUnavailable(ILogger logger, string reason);
}
