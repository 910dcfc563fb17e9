using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents.Tests;

/// <summary>The function-invocation loop while streaming: the model's updates pass through, tool results follow as updates.</summary>
public sealed class FunctionInvokingStreamingTests
{
    private static readonly ChatMessage[] Ask = [new(ChatRole.User, "weather?")];

    private static ChatOptions WeatherTools => new()
    {
        Tools = [AIFunctionFactory.Create((string city) => $"sunny in {city}", "Weather")],
    };

    [Fact]
    public async Task Updates_pass_through_then_tool_results_then_the_next_answer()
    {
        var inner = new FakeChatClient
        {
            RespondStreaming = (n, _, _) => n == 0
                ?
                [
                    new ChatResponseUpdate(ChatRole.Assistant, "Let me check."),
                    new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("c1", "Weather", new Dictionary<string, object?> { ["city"] = "Oslo" })]),
                ]
                : [new ChatResponseUpdate(ChatRole.Assistant, "It is "), new ChatResponseUpdate(ChatRole.Assistant, "sunny.")],
        };
        using var client = Loop.Over(inner);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Ask, WeatherTools))
        {
            updates.Add(update);
        }

        Assert.Equal(["Let me check.", "", "", "It is ", "sunny."], updates.Select(u => u.Text));
        var toolUpdate = updates[2];
        Assert.Equal(ChatRole.Tool, toolUpdate.Role);
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(toolUpdate.Contents));
        Assert.Equal("sunny in Oslo", ((JsonElement)result.Result!).GetString());

        var second = inner.Requests[1].Messages;
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool], second.Select(m => m.Role));
        Assert.Equal("Let me check.", second[1].Text);
        Assert.IsType<FunctionCallContent>(second[1].Contents[^1]);

        // Collected, the stream reads as the non-streaming response does.
        var collected = updates.ToChatResponse();
        Assert.Equal([ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], collected.Messages.Select(m => m.Role));
        Assert.Equal("It is sunny.", collected.Messages[^1].Text);
    }

    [Fact]
    public async Task Streaming_stops_after_the_round_limit_with_the_last_calls_not_run()
    {
        var inner = new FakeChatClient { Respond = (n, _, _) => FakeChatClient.Calls(new FunctionCallContent($"c{n}", "Weather", new Dictionary<string, object?> { ["city"] = "x" })) };
        using var client = Loop.Over(inner, c => c.MaximumIterationsPerRequest = 2);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Ask, WeatherTools))
        {
            updates.Add(update);
        }

        Assert.Equal(3, inner.Requests.Count);
        Assert.Equal(2, updates.Count(u => u.Role == ChatRole.Tool));
        Assert.Equal("c2", Assert.IsType<FunctionCallContent>(updates[^1].Contents.Single()).CallId);
    }

    [Fact]
    public async Task Streaming_throws_the_failure_when_too_many_rounds_in_a_row_fail()
    {
        var inner = new FakeChatClient { Respond = (n, _, _) => FakeChatClient.Calls(new FunctionCallContent($"c{n}", "Fail")) };
        using var client = Loop.Over(inner, c => c.MaximumConsecutiveErrorsPerRequest = 1);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(new Func<int>(() => throw new TimeoutException("slow")), "Fail")] };

        int toolUpdates = 0;
        await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Ask, options))
            {
                toolUpdates += update.Role == ChatRole.Tool ? 1 : 0;
            }
        });
        Assert.Equal(1, toolUpdates);
        Assert.Equal(2, inner.Requests.Count);
    }

    [Fact]
    public async Task A_null_message_list_is_refused_when_the_stream_is_read()
    {
        // Microsoft.Extensions.AI checks its arguments when enumeration starts (our own loop checked them at the call).
        using var client = Loop.Over(new FakeChatClient());
        var stream = client.GetStreamingResponseAsync(null!);
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await stream.ToListAsync());
    }
}
