using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Adds text to a conversation's system message: many templates accept only one, and only as the first message.</summary>
internal static class SystemMessage
{
    /// <summary>A copy of <paramref name="history"/> whose first message is a system message holding <paramref name="text"/>,
    /// before (<paramref name="first"/>) or after the existing system text.</summary>
    public static List<ChatMessage> Join(List<ChatMessage> history, string text, bool first)
    {
        var result = new List<ChatMessage>(history);
        if (result.Count > 0 && result[0].Role == ChatRole.System)
        {
            var existing = result[0].Text;
            result[0] = new ChatMessage(ChatRole.System, first ? text + "\n\n" + existing : existing + "\n\n" + text);
        }
        else
        {
            result.Insert(0, new ChatMessage(ChatRole.System, text));
        }

        return result;
    }
}
