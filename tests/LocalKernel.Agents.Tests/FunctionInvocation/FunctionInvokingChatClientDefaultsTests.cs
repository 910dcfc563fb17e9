using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents.Tests;

/// <summary>
/// Each safe default, locked by a test of what it does: they are Microsoft.Extensions.AI's own (40 rounds, 3
/// consecutive failing rounds, exception text hidden from the model, calls run one at a time).
/// </summary>
public sealed class FunctionInvokingChatClientDefaultsTests
{
    private static readonly ChatMessage[] Ask = [new(ChatRole.User, "go")];

    [Fact]
    public void The_defaults_are_those_of_Microsoft_Extensions_AI()
    {
        using var pipeline = Loop.Over(new FakeChatClient());
        var client = pipeline.GetService<FunctionInvokingChatClient>()!;
        Assert.Equal(40, client.MaximumIterationsPerRequest);
        Assert.Equal(3, client.MaximumConsecutiveErrorsPerRequest);
        Assert.False(client.IncludeDetailedErrors);
        Assert.False(client.AllowConcurrentInvocation);
        Assert.False(client.TerminateOnUnknownCalls);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.MaximumIterationsPerRequest = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.MaximumConsecutiveErrorsPerRequest = -1);
        Assert.Throws<ArgumentNullException>(() => new FunctionInvokingChatClient(null!));
    }

    [Fact]
    public async Task A_model_that_never_stops_calling_is_cut_off_after_40_rounds()
    {
        var inner = new FakeChatClient { Respond = (n, _, _) => FakeChatClient.Calls(new FunctionCallContent($"c{n}", "Again")) };
        int invocations = 0;
        using var client = Loop.Over(inner);
        var response = await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(() => ++invocations, "Again")] });

        Assert.Equal(40, invocations);
        Assert.Equal(41, inner.Requests.Count);
        // The last answer's call is returned, not run.
        Assert.Equal("c40", Assert.IsType<FunctionCallContent>(response.Messages[^1].Contents.Single()).CallId);
    }

    [Fact]
    public async Task The_failure_is_thrown_when_a_fourth_round_in_a_row_fails()
    {
        var inner = new FakeChatClient { Respond = (n, _, _) => FakeChatClient.Calls(new FunctionCallContent($"c{n}", "Fail")) };
        int invocations = 0;
        using var client = Loop.Over(inner);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(new Func<int>(() => throw new InvalidOperationException($"boom {++invocations}")), "Fail")] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(Ask, options));
        Assert.Equal("boom 4", error.Message);
        Assert.Equal(4, inner.Requests.Count);
    }

    [Fact]
    public async Task A_successful_round_resets_the_count_of_failing_rounds()
    {
        // fail, fail, fail, succeed, fail, fail, fail, then answer: never four failing rounds in a row.
        var plan = new[] { "Fail", "Fail", "Fail", "Ok", "Fail", "Fail", "Fail" };
        var inner = new FakeChatClient
        {
            Respond = (n, _, _) => n < plan.Length ? FakeChatClient.Calls(new FunctionCallContent($"c{n}", plan[n])) : FakeChatClient.Answer("done"),
        };
        using var client = Loop.Over(inner);
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create(new Func<int>(() => throw new InvalidOperationException("boom")), "Fail"), AIFunctionFactory.Create(() => 1, "Ok")],
        };

        Assert.Equal("done", (await client.GetResponseAsync(Ask, options)).Text);
    }

    [Fact]
    public async Task Exception_text_is_hidden_from_the_model_unless_detailed_errors_are_asked_for()
    {
        const string secret = "connection string Server=db;Password=hunter2";
        foreach (var detailed in new[] { false, true })
        {
            var inner = new FakeChatClient
            {
                Respond = (n, _, _) => n == 0 ? FakeChatClient.Calls(new FunctionCallContent("c1", "Fail")) : FakeChatClient.Answer("ok"),
            };
            using var client = Loop.Over(inner, c => c.IncludeDetailedErrors = detailed);
            await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(new Func<int>(() => throw new InvalidOperationException(secret)), "Fail")] });

            var sent = JsonSerializer.Serialize(inner.Requests[1].Messages, AIJsonUtilities.DefaultOptions);
            var result = (FunctionResultContent)inner.Requests[1].Messages[^1].Contents.Single();
            if (detailed)
            {
                Assert.Equal($"Error: Function failed. Exception: {secret}", result.Result);
            }
            else
            {
                Assert.Equal("Error: Function failed.", result.Result);
                Assert.DoesNotContain("hunter2", sent, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Calls_of_one_round_run_one_at_a_time_unless_concurrency_is_allowed()
    {
        foreach (var concurrent in new[] { false, true })
        {
            var inner = new FakeChatClient
            {
                Respond = (n, _, _) => n == 0
                    ? FakeChatClient.Calls(new FunctionCallContent("c1", "Slow"), new FunctionCallContent("c2", "Slow"), new FunctionCallContent("c3", "Slow"))
                    : FakeChatClient.Answer("ok"),
            };
            int running = 0, most = 0;
            var tool = AIFunctionFactory.Create(async () =>
            {
                most = Math.Max(most, Interlocked.Increment(ref running));
                await Task.Delay(50);
                Interlocked.Decrement(ref running);
                return "done";
            }, "Slow");
            using var client = Loop.Over(inner, c => c.AllowConcurrentInvocation = concurrent);
            await client.GetResponseAsync(Ask, new ChatOptions { Tools = [tool] });

            if (concurrent)
            {
                Assert.True(most > 1, "with concurrency allowed the three calls should overlap");
            }
            else
            {
                Assert.Equal(1, most);
            }

            Assert.Equal(["c1", "c2", "c3"], inner.Requests[1].Messages[^1].Contents.Cast<FunctionResultContent>().Select(r => r.CallId));
        }
    }

    [Fact]
    public async Task An_unknown_tool_ends_the_loop_only_when_asked_to()
    {
        var inner = new FakeChatClient { Respond = (n, _, _) => n == 0 ? FakeChatClient.Calls(new FunctionCallContent("c1", "Nope")) : FakeChatClient.Answer("ok") };
        using var client = Loop.Over(inner, c => c.TerminateOnUnknownCalls = true);
        var response = await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "One")] });

        // The response ends with the model's call, not run, for the caller to handle.
        Assert.Single(inner.Requests);
        Assert.Equal("Nope", Assert.IsType<FunctionCallContent>(response.Messages[^1].Contents.Single()).Name);
        Assert.DoesNotContain(response.Messages.SelectMany(m => m.Contents), c => c is FunctionResultContent);
    }
}
