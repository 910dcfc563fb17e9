using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents.Tests;

/// <summary>The function-invocation loop, non-streaming: calls run, results go back, the loop ends.</summary>
public sealed class FunctionInvokingChatClientTests
{
    private static readonly ChatMessage[] Ask = [new(ChatRole.User, "hello")];

    private static Dictionary<string, object?> Args(params (string Key, object? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task Calls_run_and_their_results_go_back_to_the_model_until_it_answers()
    {
        var inner = new FakeChatClient
        {
            Respond = (n, _, _) => n == 0
                ? FakeChatClient.Calls(new FunctionCallContent("c1", "Add", Args(("a", 2), ("b", 3))))
                : FakeChatClient.Answer("five"),
        };
        using var client = Loop.Over(inner);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((int a, int b) => a + b, "Add")] };

        var response = await client.GetResponseAsync(Ask, options);

        Assert.Equal("five", response.Text);
        Assert.Equal([ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], response.Messages.Select(m => m.Role));
        var second = inner.Requests[1].Messages;
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool], second.Select(m => m.Role));
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(second[2].Contents));
        Assert.Equal("c1", result.CallId);
        Assert.Equal(5, ((JsonElement)result.Result!).GetInt32());
    }

    [Fact]
    public async Task Several_calls_in_one_answer_all_run_and_their_results_share_one_tool_message_in_order()
    {
        var inner = new FakeChatClient
        {
            Respond = (n, _, _) => n == 0
                ? FakeChatClient.Calls(new FunctionCallContent("c1", "Echo", Args(("s", "x"))), new FunctionCallContent("c2", "Echo", Args(("s", "y"))))
                : FakeChatClient.Answer("ok"),
        };
        using var client = Loop.Over(inner);
        await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create((string s) => s + "!", "Echo")] });

        var results = inner.Requests[1].Messages[^1].Contents.Cast<FunctionResultContent>().ToList();
        Assert.Equal(["c1", "c2"], results.Select(r => r.CallId));
        Assert.Equal(["x!", "y!"], results.Select(r => ((JsonElement)r.Result!).GetString()));
    }

    [Fact]
    public async Task An_answer_without_calls_is_returned_as_it_is()
    {
        var answer = FakeChatClient.Answer("hi");
        var inner = new FakeChatClient { Respond = (_, _, _) => answer };
        using var client = Loop.Over(inner);
        Assert.Same(answer, await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "One")] }));
    }

    [Fact]
    public async Task Without_tools_in_the_request_a_call_is_answered_as_not_found()
    {
        // Microsoft.Extensions.AI treats a call when no tools were offered like a call of an unknown tool (our own loop
        // returned it unrun); the model hears why and can answer instead.
        var inner = new FakeChatClient { Respond = (n, _, _) => n == 0 ? FakeChatClient.Calls(new FunctionCallContent("c1", "Add")) : FakeChatClient.Answer("no tools") };
        using var client = Loop.Over(inner);
        var response = await client.GetResponseAsync(Ask);
        Assert.Equal("no tools", response.Text);
        var result = (FunctionResultContent)inner.Requests[1].Messages[^1].Contents.Single();
        Assert.Equal("Error: Requested function \"Add\" not found.", result.Result);
    }

    [Fact]
    public async Task An_unknown_tool_is_reported_to_the_model_and_the_loop_goes_on()
    {
        var inner = new FakeChatClient
        {
            Respond = (n, _, _) => n == 0 ? FakeChatClient.Calls(new FunctionCallContent("c1", "Nope")) : FakeChatClient.Answer("sorry"),
        };
        using var client = Loop.Over(inner);
        var response = await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "One")] });

        Assert.Equal("sorry", response.Text);
        var result = (FunctionResultContent)inner.Requests[1].Messages[^1].Contents.Single();
        Assert.Equal("Error: Requested function \"Nope\" not found.", result.Result);
    }

    [Fact]
    public async Task Arguments_that_do_not_bind_are_reported_to_the_model_not_thrown()
    {
        var inner = new FakeChatClient
        {
            Respond = (n, _, _) => n == 0
                ? FakeChatClient.Calls(new FunctionCallContent("c1", "Square", Args(("n", JsonSerializer.SerializeToElement("not a number")))))
                : FakeChatClient.Answer("could not"),
        };
        using var client = Loop.Over(inner, c => c.IncludeDetailedErrors = true);
        var response = await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create((int n) => n * n, "Square")] });

        Assert.Equal("could not", response.Text);
        var result = (FunctionResultContent)inner.Requests[1].Messages[^1].Contents.Single();
        Assert.StartsWith("Error: Function failed. Exception: ", (string)result.Result!);
        Assert.NotNull(result.Exception);
    }

    [Fact]
    public async Task A_call_the_connector_could_not_read_is_not_run_and_the_model_is_told_why()
    {
        var broken = new FunctionCallContent("c1", "One") { Exception = new JsonException("'{\"n\": 4' is not complete JSON") };
        var inner = new FakeChatClient { Respond = (n, _, _) => n == 0 ? FakeChatClient.Calls(broken) : FakeChatClient.Answer("ok") };
        int invoked = 0;
        using var client = Loop.Checked(inner);
        await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(() => ++invoked, "One")] });

        Assert.Equal(0, invoked);
        var result = (FunctionResultContent)inner.Requests[1].Messages[^1].Contents.Single();
        Assert.Equal("Error: The arguments of the call to 'One' could not be read ('{\"n\": 4' is not complete JSON), so it was not run. " +
            "Call 'One' again with one JSON object of the arguments its parameters describe.", result.Result);
        Assert.IsType<ToolCallArgumentsException>(result.Exception);
    }

    [Fact]
    public async Task Microsoft_Extensions_AI_alone_would_run_a_call_whose_arguments_could_not_be_read()
    {
        // Why ArgumentCheckingFunctionInvokingChatClient exists: if this starts failing, the plain loop has learnt it.
        var broken = new FunctionCallContent("c1", "One") { Exception = new JsonException("bad arguments") };
        var inner = new FakeChatClient { Respond = (n, _, _) => n == 0 ? FakeChatClient.Calls(broken) : FakeChatClient.Answer("ok") };
        int invoked = 0;
        using var client = Loop.Over(inner);
        await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(() => ++invoked, "One")] });
        Assert.Equal(1, invoked);
    }

    [Fact]
    public async Task Unreadable_arguments_count_as_failing_rounds()
    {
        var inner = new FakeChatClient
        {
            Respond = (n, _, _) => FakeChatClient.Calls(new FunctionCallContent($"c{n}", "One") { Exception = new JsonException("truncated") }),
        };
        using var client = Loop.Checked(inner, c => c.MaximumConsecutiveErrorsPerRequest = 1);
        var error = await Assert.ThrowsAsync<ToolCallArgumentsException>(() => client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "One")] }));
        Assert.Equal("One", error.FunctionName);
        Assert.Equal(2, inner.Requests.Count);
    }

    [Fact]
    public async Task A_required_tool_mode_holds_for_the_first_request_only()
    {
        var inner = new FakeChatClient { Respond = (n, _, _) => n == 0 ? FakeChatClient.Calls(new FunctionCallContent("c1", "One")) : FakeChatClient.Answer("ok") };
        using var client = Loop.Over(inner);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "One")], ToolMode = ChatToolMode.RequireAny };
        await client.GetResponseAsync(Ask, options);

        Assert.Same(options, inner.Requests[0].Options);
        Assert.Null(inner.Requests[1].Options!.ToolMode);
        Assert.Equal(ChatToolMode.RequireAny, options.ToolMode);
    }

    [Fact]
    public async Task Usage_of_all_requests_is_added_up()
    {
        var inner = new FakeChatClient
        {
            Respond = (n, _, _) =>
            {
                var response = n == 0 ? FakeChatClient.Calls(new FunctionCallContent("c1", "One")) : FakeChatClient.Answer("ok");
                response.Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 2 };
                return response;
            },
        };
        using var client = Loop.Over(inner);
        var result = await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "One")] });
        Assert.Equal(20, result.Usage!.InputTokenCount);
        Assert.Equal(4, result.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_function_sees_its_call_through_the_current_context_and_can_end_the_loop()
    {
        var inner = new FakeChatClient { Respond = (_, _, _) => FakeChatClient.Calls(new FunctionCallContent("c7", "Stop")) };
        FunctionInvocationContext? seen = null;
        using var client = Loop.Over(inner);
        var response = await client.GetResponseAsync(Ask, new ChatOptions
        {
            Tools = [AIFunctionFactory.Create(() =>
            {
                seen = FunctionInvokingChatClient.CurrentContext;
                seen!.Terminate = true;
                return "stopped";
            }, "Stop")],
        });

        Assert.Single(inner.Requests);
        Assert.Equal("c7", seen!.CallContent.CallId);
        Assert.Equal(ChatRole.Tool, response.Messages[^1].Role);
        Assert.Null(FunctionInvokingChatClient.CurrentContext);
    }

    [Fact]
    public async Task A_conversation_kept_by_the_service_gets_only_the_new_tool_results()
    {
        var inner = new FakeChatClient
        {
            Respond = (n, _, _) =>
            {
                var response = n == 0 ? FakeChatClient.Calls(new FunctionCallContent("c1", "One")) : FakeChatClient.Answer("ok");
                response.ConversationId = "conv-1";
                return response;
            },
        };
        using var client = Loop.Over(inner);
        await client.GetResponseAsync(Ask, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "One")] });

        Assert.Equal(ChatRole.Tool, Assert.Single(inner.Requests[1].Messages).Role);
        Assert.Equal("conv-1", inner.Requests[1].Options!.ConversationId);
    }

    [Fact]
    public async Task Cancellation_stops_the_loop_instead_of_becoming_an_error_result()
    {
        using var cancel = new CancellationTokenSource();
        var inner = new FakeChatClient { Respond = (_, _, _) => FakeChatClient.Calls(new FunctionCallContent("c1", "Slow")) };
        using var client = Loop.Over(inner);
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create(async (CancellationToken token) =>
            {
                cancel.Cancel();
                await Task.Delay(Timeout.Infinite, token);
            }, "Slow")],
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Ask, options, cancel.Token));
        Assert.Single(inner.Requests);
    }
}
