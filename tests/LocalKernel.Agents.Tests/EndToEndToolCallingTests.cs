using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents.Tests;

/// <summary>
/// Tool calling end to end on the real llama.cpp with the tiny random-weight model: the grammar (RequireAny) makes
/// even this model produce a valid call, the loop invokes the C# method with bound arguments, feeds the result back,
/// and the conversation continues.
/// </summary>
public sealed class EndToEndToolCallingTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));
    private readonly List<string> _invocations = [];

    public void Dispose() => _model.Dispose();

    // The random-weight model writes strings of random length: a length limit (part of the schema, so of the grammar)
    // keeps a call within the token budget.
    [Description("Gets the weather in a city.")]
    private string GetWeather([Description("The city"), StringLength(12)] string city)
    {
        lock (_invocations)
        {
            _invocations.Add($"get_weather({city})");
        }

        return $"Sunny in {city}";
    }

    // A range keeps the random model's integers inside int, so the arguments bind.
    [Description("Adds two integers.")]
    private int Add([Range(-1000, 1000)] int a, [Range(-1000, 1000)] int b)
    {
        lock (_invocations)
        {
            _invocations.Add($"add({a}, {b})");
        }

        return a + b;
    }

    private (IChatClient Client, ChatOptions Options) Setup()
    {
        // The tool schemas in the system prompt take ~400 tokens of the tiny vocabulary: leave room for the answer.
        var inner = new LlamaChatClient(_model, new LlamaChatClientOptions { ContextSize = 1536, ParallelRequests = 1 });
        var client = Loop.Over(inner, c => c.MaximumIterationsPerRequest = 3);
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create(GetWeather, "get_weather"), AIFunctionFactory.Create(Add, "add")],
            ToolMode = ChatToolMode.RequireAny,
            Temperature = 0.7f,
            Seed = 7,
            MaxOutputTokens = 160,
        };
        return (client, options);
    }

    [Fact]
    public async Task A_required_call_is_produced_invoked_and_its_result_fed_back()
    {
        var (client, options) = Setup();
        using var _ = client;
        var response = await client.GetResponseAsync("What is the weather in Paris, and what is 2 + 3?", options);

        Assert.NotEmpty(_invocations);
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().First();
        Assert.Contains(call.Name, new[] { "get_weather", "add" });
        var result = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().First(r => r.CallId == call.CallId);
        Assert.Null(result.Exception);
        Assert.True(response.Messages.Count >= 3, "the conversation continued after the tool result");
    }

    [Fact]
    public async Task The_same_works_streaming()
    {
        var (client, options) = Setup();
        using var _ = client;
        var updates = await client.GetStreamingResponseAsync("What is the weather in Paris?", options).ToListAsync();

        Assert.NotEmpty(_invocations);
        Assert.Contains(updates, u => u.Contents.OfType<FunctionCallContent>().Any());
        Assert.Contains(updates, u => u.Contents.OfType<FunctionResultContent>().Any(r => r.Exception is null));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task A_specific_required_tool_is_the_one_called_with_integers_that_bind()
    {
        var (client, options) = Setup();
        using var _ = client;
        options.ToolMode = ChatToolMode.RequireSpecific("add");
        var response = await client.GetResponseAsync("What is 2 + 3?", options);

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().First();
        Assert.Equal("add", call.Name);
        Assert.StartsWith("add(", _invocations[0], StringComparison.Ordinal);
        var result = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().First(r => r.CallId == call.CallId);
        Assert.Null(result.Exception);
        Assert.IsType<int>(System.Text.Json.JsonSerializer.Deserialize<int>(System.Text.Json.JsonSerializer.Serialize(result.Result)));
    }

    [Fact]
    public async Task A_json_schema_response_format_gives_valid_json()
    {
        using var client = new LlamaChatClient(_model, new LlamaChatClientOptions { ContextSize = 512, ParallelRequests = 1 });
        var schema = AIJsonUtilities.CreateJsonSchema(typeof(Forecast));
        var response = await client.GetResponseAsync("Forecast?", new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "forecast"),
            Temperature = 0.7f,
            Seed = 3,
            MaxOutputTokens = 200,
        });

        var forecast = System.Text.Json.JsonSerializer.Deserialize<Forecast>(response.Text, AIJsonUtilities.DefaultOptions);
        Assert.NotNull(forecast);
        Assert.NotNull(forecast!.City);
    }

    private sealed class Forecast
    {
        [StringLength(12)]
        public required string City { get; init; }

        public int Degrees { get; init; }

        public bool Rain { get; init; }
    }
}
