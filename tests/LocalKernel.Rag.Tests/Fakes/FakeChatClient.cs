using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Tests;

/// <summary>A hand-written chat client: <see cref="Reply"/> decides the answer's pieces from the messages.</summary>
internal sealed class FakeChatClient : IChatClient
{
    public FakeChatClient(Func<IReadOnlyList<ChatMessage>, IEnumerable<string>> reply)
    {
        Reply = reply;
    }

    public Func<IReadOnlyList<ChatMessage>, IEnumerable<string>> Reply { get; set; }

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    /// <summary>Streams the given pieces whatever the question.</summary>
    public static FakeChatClient Streaming(params string[] pieces) => new(_ => pieces);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Add(list);
        foreach (var piece in Reply(list))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
