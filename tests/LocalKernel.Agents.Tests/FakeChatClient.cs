using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents.Tests;

/// <summary>
/// A hand-written inner client: each request is answered by <see cref="Respond"/> (or, streaming, by
/// <see cref="RespondStreaming"/>, falling back to the response split into one update per content), and recorded.
/// </summary>
internal sealed class FakeChatClient : IChatClient
{
    /// <summary>Answers request number n (from 0) given the messages and options it received.</summary>
    public Func<int, IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse> Respond { get; set; } =
        (_, _, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "done"));

    public Func<int, IReadOnlyList<ChatMessage>, ChatOptions?, IEnumerable<ChatResponseUpdate>>? RespondStreaming { get; set; }

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = Record(messages, options);
        return Task.FromResult(Respond(Requests.Count - 1, snapshot, options));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var snapshot = Record(messages, options);
        int index = Requests.Count - 1;
        var updates = RespondStreaming?.Invoke(index, snapshot, options)
            ?? Respond(index, snapshot, options).Messages.SelectMany(m => m.Contents.Select(c => new ChatResponseUpdate(m.Role, [c]) { MessageId = $"m{index}" }));
        foreach (var update in updates)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>A response of one assistant message with these calls.</summary>
    public static ChatResponse Calls(params FunctionCallContent[] calls) => new(new ChatMessage(ChatRole.Assistant, [.. calls]));

    public static ChatResponse Answer(string text) => new(new ChatMessage(ChatRole.Assistant, text));

    private List<ChatMessage> Record(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var snapshot = messages.Select(m => m.Clone()).ToList();
        Requests.Add((snapshot, options));
        return snapshot;
    }
}
