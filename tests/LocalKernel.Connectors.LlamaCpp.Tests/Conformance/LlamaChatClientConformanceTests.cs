using System.Text.Json;
using System.Text.Json.Nodes;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Our own conformance suite for <see cref="LlamaChatClient"/>, on the categories of Microsoft.Extensions.AI's chat
/// client integration tests that a random-weight model can pass: usage counts, a stream that coalesces into one
/// message, reproducible sampling, required tool calls, and awkward tool schemas.
/// </summary>
public sealed class LlamaChatClientConformanceTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));
    private readonly LlamaChatClient _client;

    public LlamaChatClientConformanceTests()
    {
        _client = new LlamaChatClient(_model, new LlamaChatClientOptions { ContextSize = 1536, ParallelRequests = 2, MaxToolArgumentStringLength = 8 });
    }

    public void Dispose()
    {
        _client.Dispose();
        _model.Dispose();
    }

    [Fact]
    public async Task Usage_counts_the_prompt_and_the_answer()
    {
        var response = await _client.GetResponseAsync("Count the tokens", new ChatOptions { Temperature = 0, MaxOutputTokens = 7 });

        var usage = response.Usage!;
        Assert.Equal(_client.BuildPromptTokens([new ChatMessage(ChatRole.User, "Count the tokens")], null).Length, usage.InputTokenCount);
        Assert.InRange(usage.OutputTokenCount!.Value, 1, 7);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.NotNull(response.FinishReason);
        Assert.Equal(_client.Metadata.DefaultModelId, response.ModelId);
    }

    [Fact]
    public async Task A_stream_coalesces_into_one_message_equal_to_the_response()
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 12 };
        var updates = await _client.GetStreamingResponseAsync("Tell me a story", options).ToListAsync();

        Assert.True(updates.Count > 1, "the answer streams in pieces");
        Assert.Single(updates.Select(u => u.MessageId).Distinct());
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        var coalesced = updates.ToChatResponse();
        var message = Assert.Single(coalesced.Messages);
        Assert.Equal(string.Concat(updates.Select(u => u.Text)), message.Text);
        Assert.Single(updates, u => u.FinishReason is not null);
        Assert.NotNull(coalesced.Usage);

        var whole = await _client.GetResponseAsync("Tell me a story", options);
        Assert.Equal(whole.Text, coalesced.Text);
    }

    [Fact]
    public async Task The_same_prompt_and_seed_reproduce_the_answer()
    {
        var options = new ChatOptions { Temperature = 1.2f, Seed = 1234, MaxOutputTokens = 16 };
        var first = await _client.GetResponseAsync("Surprise me", options);
        var second = await _client.GetResponseAsync("Surprise me", options);
        Assert.Equal(first.Text, second.Text);

        var others = new List<string>();
        for (int seed = 1; seed <= 3; seed++)
        {
            others.Add((await _client.GetResponseAsync("Surprise me", new ChatOptions { Temperature = 1.2f, Seed = seed, MaxOutputTokens = 16 })).Text);
        }

        Assert.Contains(others, o => o != first.Text); // the seed is what made them equal
    }

    [Fact]
    public async Task RequireAny_and_RequireSpecific_produce_calls()
    {
        var tools = new List<AITool>
        {
            AIFunctionFactory.CreateDeclaration("first", null, JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"boolean"}},"required":["a"]}""").RootElement),
            AIFunctionFactory.CreateDeclaration("second", null, JsonDocument.Parse("""{"type":"object","properties":{"b":{"type":"integer","minimum":0,"maximum":9}},"required":["b"]}""").RootElement),
        };
        var any = await _client.GetResponseAsync("Call something", Required(tools, ChatToolMode.RequireAny, seed: 2));
        Assert.Equal(ChatFinishReason.ToolCalls, any.FinishReason);
        Assert.Contains(Assert.Single(Calls(any)).Name, new[] { "first", "second" });

        foreach (var name in new[] { "first", "second" })
        {
            var specific = await _client.GetResponseAsync("Call it", Required(tools, ChatToolMode.RequireSpecific(name), seed: 3));
            Assert.Equal(name, Assert.Single(Calls(specific)).Name);
        }
    }

    [Theory]
    [MemberData(nameof(ToolSchemaCases.All), MemberType = typeof(ToolSchemaCases))]
    public async Task An_awkward_tool_schema_is_accepted_and_a_required_call_fits_it(string name, string schemaJson)
    {
        var schema = JsonDocument.Parse(schemaJson).RootElement;
        var tool = AIFunctionFactory.CreateDeclaration(name, $"The {name} tool.", schema);
        var response = await _client.GetResponseAsync("Use the tool", Required([tool], ChatToolMode.RequireSpecific(name), seed: 5));

        var call = Assert.Single(Calls(response));
        Assert.Equal(name, call.Name);
        var arguments = JsonSerializer.SerializeToNode(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
        var errors = JsonSchemaValidator.Validate(arguments, JsonNode.Parse(schemaJson)!);
        Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors)}\n{arguments}");
    }

    private static ChatOptions Required(IList<AITool> tools, ChatToolMode mode, int seed) => new()
    {
        Tools = tools,
        ToolMode = mode,
        AllowMultipleToolCalls = false,
        Temperature = 0.8f,
        Seed = seed,
        MaxOutputTokens = 256,
    };

    private static List<FunctionCallContent> Calls(ChatResponse response) =>
        response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
}
