using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LocalKernel.KnowledgeBase.Server.Tests;

/// <summary>
/// A hand-written chat client at the endpoint library's boundary: each request writes one word, then waits until the
/// test releases it or the request is cancelled. It makes queue, timeout and disconnect behaviour deterministic, which
/// a real model's speed never is.
/// </summary>
internal sealed class BlockingChatClient : IChatClient
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _cancelled;

    public int Started => Volatile.Read(ref _started);

    public int Cancelled => Volatile.Read(ref _cancelled);

    public void Release() => _release.TrySetResult();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _started);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "first");
        try
        {
            await _release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, " done") { FinishReason = ChatFinishReason.Stop };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
