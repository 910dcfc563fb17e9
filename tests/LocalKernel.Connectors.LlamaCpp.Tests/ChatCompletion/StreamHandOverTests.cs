using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Generated text reaches the reader in hand-overs at most one interval apart (each wakes the reader's thread): the
/// first text at once, the rest collected, and never a character lost or reordered.
/// </summary>
public sealed class StreamHandOverTests : IDisposable
{
    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 40 };
    private readonly LlamaModel _model = LlamaModel.Load(TestPaths.Stories260K);

    public void Dispose() => _model.Dispose();

    private async Task<List<string>> TextUpdates(TimeSpan interval)
    {
        using var client = new LlamaChatClient(_model, new LlamaChatClientOptions { ContextSize = 256, ParallelRequests = 1, TextHandOverInterval = interval });
        var texts = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Once upon a time")], Greedy))
        {
            if (update.Text.Length > 0)
            {
                texts.Add(update.Text);
            }
        }

        return texts;
    }

    [Fact]
    public async Task Collected_text_is_the_text_of_token_by_token_streaming()
    {
        var everyToken = await TextUpdates(TimeSpan.Zero);
        var collected = await TextUpdates(TimeSpan.FromHours(1));

        Assert.True(everyToken.Count > 10, $"{everyToken.Count} updates");
        Assert.Equal(string.Concat(everyToken), string.Concat(collected));
        // The first text goes out at once; with an interval longer than the generation, the rest comes out at its end.
        Assert.Equal(2, collected.Count);
        Assert.Equal(everyToken[0], collected[0]);
    }

    [Fact]
    public void Pending_text_is_handed_over_first_at_once_then_once_per_interval()
    {
        var pending = new PendingText(TimeSpan.FromHours(1));
        Assert.Null(pending.Add(""));
        Assert.Equal("Once", pending.Add("Once"));
        Assert.Null(pending.Add(" upon"));
        Assert.Null(pending.Add(" a"));
        Assert.Equal(" upon a", pending.Take());
        Assert.Equal("", pending.Take());

        var immediate = new PendingText(TimeSpan.Zero);
        Assert.Equal("a", immediate.Add("a"));
        Assert.Equal("b", immediate.Add("b"));
    }
}
