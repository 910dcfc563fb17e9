using Microsoft.Extensions.AI;

namespace LocalKernel.Testing;

/// <summary>Middleware that records each request the model receives (messages and options), then passes it on.</summary>
internal sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record(messages, options);
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record(messages, options);
        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private void Record(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        lock (Requests)
        {
            Requests.Add(([.. messages], options?.Clone()));
        }
    }
}
