using Microsoft.Extensions.AI;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// Gives the model the earlier turns of a <c>kb chat</c> session. The answerer builds a fresh prompt (instructions,
/// sources, question) for every question; this client slips the previous questions and answers in between the
/// instructions and the new prompt, so "and how do I turn it off?" can be understood. The sources of earlier turns
/// are not repeated: the history is the conversation, not its context.
/// </summary>
internal sealed class ConversationChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly List<ChatMessage> _history = [];

    /// <summary>Records a finished turn.</summary>
    public void AddTurn(string question, string answer)
    {
        _history.Add(new ChatMessage(ChatRole.User, question));
        _history.Add(new ChatMessage(ChatRole.Assistant, answer));
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(WithHistory(messages), options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(WithHistory(messages), options, cancellationToken);

    private List<ChatMessage> WithHistory(IEnumerable<ChatMessage> messages)
    {
        var list = messages.ToList();
        int firstNonSystem = list.FindIndex(m => m.Role != ChatRole.System);
        list.InsertRange(firstNonSystem < 0 ? list.Count : firstNonSystem, _history);
        return list;
    }
}
