using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents.Tests;

/// <summary>
/// Agent Framework's <see cref="ChatClientAgent"/> over <see cref="LlamaChatClient"/> on the tiny random-weight model:
/// a run that calls a tool (streaming and not), one function-invocation loop only, and a session serialized and
/// resumed with its history.
/// </summary>
public sealed class ChatClientAgentTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));
    private readonly List<string> _calls = [];

    public void Dispose() => _model.Dispose();

    [Description("Looks up the opening hours of a shop.")]
    private string OpeningHours([Description("The shop"), StringLength(10)] string shop)
    {
        lock (_calls)
        {
            _calls.Add(shop);
        }

        return $"HOURS: {shop} opens at 9";
    }

    private (AIAgent Agent, RecordingChatClient Recorder) Build(bool withTools = true)
    {
        RecordingChatClient? recorder = null;
        var llama = new LlamaChatClient(_model, new LlamaChatClientOptions { ContextSize = 1536, ParallelRequests = 1 });
        var chatOptions = new ChatOptions { Temperature = 0.7f, Seed = 11, MaxOutputTokens = 120 };
        if (withTools)
        {
            // A random-weight model never decides to call: the grammar makes it, one call per answer.
            chatOptions.Tools = [AIFunctionFactory.Create(OpeningHours, "opening_hours")];
            chatOptions.ToolMode = ChatToolMode.RequireAny;
            chatOptions.AllowMultipleToolCalls = false;
        }

        var agent = new ChatClientBuilder(llama)
            .UseArgumentCheckingFunctionInvocation(configure: c => c.MaximumIterationsPerRequest = 3)
            .Use(inner => recorder = new RecordingChatClient(inner))
            .BuildAIAgent(new ChatClientAgentOptions { Name = "shop-assistant", ChatOptions = chatOptions });
        return (agent, recorder!);
    }

    [Fact]
    public async Task A_run_calls_the_tool_through_the_one_loop_of_the_pipeline()
    {
        var (agent, recorder) = Build();
        var response = await agent.RunAsync("When does the bakery open?");

        Assert.Single(_calls);
        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        var call = contents.OfType<FunctionCallContent>().Single();
        Assert.Equal("opening_hours", call.Name);
        var result = contents.OfType<FunctionResultContent>().Single(r => r.CallId == call.CallId);
        Assert.Contains("HOURS:", result.Result?.ToString(), StringComparison.Ordinal);
        // Agent Framework found our loop (it derives from Microsoft.Extensions.AI's) and did not stack a second one:
        // the model saw exactly one request per round.
        Assert.IsType<ArgumentCheckingFunctionInvokingChatClient>(agent.GetService<FunctionInvokingChatClient>());
        Assert.Equal(2, recorder.Requests.Count);
        Assert.Contains(recorder.Requests[1].Messages.SelectMany(m => m.Contents), c => c is FunctionResultContent);
    }

    [Fact]
    public async Task A_streaming_run_streams_the_call_its_result_and_the_answer()
    {
        var (agent, _) = Build();
        var updates = new List<AgentResponseUpdate>();
        await foreach (var update in agent.RunStreamingAsync("When does the bakery open?"))
        {
            updates.Add(update);
        }

        Assert.Single(_calls);
        Assert.Contains(updates, u => u.Contents.OfType<FunctionCallContent>().Any());
        Assert.Contains(updates, u => u.Contents.OfType<FunctionResultContent>().Any(r => r.Exception is null));
        Assert.Contains(updates, u => u.Role == ChatRole.Assistant && !string.IsNullOrEmpty(u.Text));
    }

    [Fact]
    public async Task A_session_serialized_and_resumed_keeps_its_history()
    {
        var (agent, _) = Build(withTools: false);
        var session = await agent.CreateSessionAsync();
        await agent.RunAsync("My name is Ada.", session);
        JsonElement saved = await agent.SerializeSessionAsync(session);
        Assert.Contains("My name is Ada.", saved.GetRawText(), StringComparison.Ordinal);

        // A new agent (as after a restart) over a new client resumes the session.
        var (resumedAgent, recorder) = Build(withTools: false);
        var resumed = await resumedAgent.DeserializeSessionAsync(saved);
        await resumedAgent.RunAsync("What is my name?", resumed);

        var sent = recorder.Requests.Single().Messages;
        Assert.Equal(["My name is Ada.", "What is my name?"], sent.Where(m => m.Role == ChatRole.User).Select(m => m.Text));
        Assert.Contains(sent, m => m.Role == ChatRole.Assistant);
    }
}
