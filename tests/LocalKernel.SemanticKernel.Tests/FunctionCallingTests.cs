using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace LocalKernel.SemanticKernel.Tests;

/// <summary>
/// Semantic Kernel's function calling over LocalKernel on the tiny random-weight model: the grammar makes even this
/// model produce a call when one is required, Semantic Kernel's loop runs the plugin with bound arguments (an enum
/// included) and feeds its result back.
/// </summary>
public sealed class FunctionCallingTests
{
    private static readonly string ModelPath = TestModelGenerator.GetOrCreate(TestModelSpec.Tiny);

    // The random model writes strings of random length: a short bound keeps the call within the token budget.
    private static void Small(LlamaChatClientOptions o)
    {
        o.ContextSize = 1536;
        o.ParallelRequests = 1;
        o.MaxToolArgumentStringLength = 12;
    }

    private static (Kernel Kernel, WeatherPlugin Plugin, RecordingChatClient Recorder) Build()
    {
        var builder = Kernel.CreateBuilder();
        RecordingChatClient? recorder = null;
        // What AddLlamaChatClient registers, with a recorder between Semantic Kernel's loop and the model.
        builder.Services.AddKeyedLlamaChatClient(null, ModelPath, Small).UseKernelFunctionInvocation().Use(inner => recorder = new RecordingChatClient(inner));
        var plugin = new WeatherPlugin();
        builder.Plugins.AddFromObject(plugin, "weather");
        var kernel = builder.Build();
        kernel.GetRequiredService<IChatClient>();
        return (kernel, plugin, recorder!);
    }

    // A random model never chooses to stop calling: with parallel calls allowed it writes calls until the token limit.
    private static readonly FunctionChoiceBehaviorOptions OneCall = new() { AllowParallelCalls = false };

    private static LlamaPromptExecutionSettings Settings(FunctionChoiceBehavior behavior) => new()
    {
        FunctionChoiceBehavior = behavior,
        Temperature = 0.7f,
        Seed = 7,
        MaxTokens = 120,
    };

    [Fact]
    public async Task Required_invokes_the_plugin_with_bound_arguments_and_feeds_its_result_back()
    {
        var (kernel, plugin, recorder) = Build();
        var result = await kernel.InvokePromptAsync("What is the weather in Paris?", new KernelArguments(Settings(FunctionChoiceBehavior.Required(options: OneCall))));

        Assert.NotNull(result.ToString());
        var call = Assert.Single(plugin.Calls);
        Assert.Matches(@"^get_forecast\(.*, (Celsius|Fahrenheit)\)$", call);
        Assert.Equal(ChatToolMode.RequireAny, recorder.Requests[0].Options!.ToolMode);
        Assert.True(recorder.Requests.Count >= 2, "the model was asked again after the call");
        var fedBack = recorder.Requests[1].Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>().Single();
        Assert.Contains("FORECAST: sunny in", fedBack.Result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chat_completion_service_runs_the_same_loop()
    {
        var (kernel, plugin, _) = Build();
        var service = kernel.GetRequiredService<IChatClient>().AsChatCompletionService();
        var history = new ChatHistory("You are a weather assistant.");
        history.AddUserMessage("Weather in Oslo?");
        var answer = await service.GetChatMessageContentAsync(history, Settings(FunctionChoiceBehavior.Required(options: OneCall)), kernel);

        Assert.NotNull(answer);
        Assert.Single(plugin.Calls);
    }

    [Fact]
    public async Task Required_without_auto_invoke_returns_the_call_unrun()
    {
        var (kernel, plugin, _) = Build();
        var service = kernel.GetRequiredService<IChatClient>().AsChatCompletionService();
        var answer = await service.GetChatMessageContentAsync("Weather in Rome?", Settings(FunctionChoiceBehavior.Required(autoInvoke: false, options: OneCall)), kernel);

        var call = Assert.Single(answer.Items.OfType<Microsoft.SemanticKernel.FunctionCallContent>());
        // Through an IChatClient, Semantic Kernel names the call by its tool name (plugin and function joined by '_').
        Assert.Equal("weather_get_forecast", call.FunctionName);
        Assert.Contains(call.Arguments!["unit"]?.ToString(), new[] { "Celsius", "Fahrenheit" });
        Assert.Empty(plugin.Calls);
    }

    [Fact]
    public async Task Auto_without_auto_invoke_offers_the_tools_and_runs_nothing()
    {
        // Auto leaves the choice to the model (a lazy grammar waits for the family's call marker); this random model
        // never writes one, so what is checked is what reached the model and that nothing ran.
        var (kernel, plugin, recorder) = Build();
        await kernel.InvokePromptAsync("Weather in Rome?", new KernelArguments(Settings(FunctionChoiceBehavior.Auto(autoInvoke: false))));

        var options = Assert.Single(recorder.Requests).Options!;
        Assert.Equal(ChatToolMode.Auto, options.ToolMode);
        Assert.Equal("weather_get_forecast", Assert.Single(options.Tools!).Name);
        Assert.Empty(plugin.Calls);
    }

    [Fact]
    public async Task Semantic_Kernel_binds_an_enum_from_a_string_which_is_why_the_connector_emits_strings()
    {
        // The connector hands string arguments over as strings (ToolCallParser): Semantic Kernel fails on the same
        // value as a JsonElement. If the second half starts failing, Semantic Kernel has learnt to bind it.
        var kernel = new Kernel();
        var plugin = new WeatherPlugin();
        var function = kernel.Plugins.AddFromObject(plugin, "weather")["get_forecast"];
        var bound = await function.InvokeAsync(kernel, new KernelArguments { ["city"] = "Oslo", ["unit"] = "Fahrenheit" });
        Assert.Equal("FORECAST: sunny in Oslo, 21 degrees Fahrenheit", bound.ToString());

        var asJson = new KernelArguments { ["city"] = "Oslo", ["unit"] = System.Text.Json.JsonSerializer.SerializeToElement("Fahrenheit") };
        await Assert.ThrowsAnyAsync<Exception>(() => function.InvokeAsync(kernel, asJson));
    }

    [Fact]
    public async Task None_sends_no_call()
    {
        var (kernel, plugin, recorder) = Build();
        var result = await kernel.InvokePromptAsync("Weather in Rome?", new KernelArguments(Settings(FunctionChoiceBehavior.None())));

        Assert.Equal(ChatToolMode.None, Assert.Single(recorder.Requests).Options!.ToolMode);
        Assert.Empty(plugin.Calls);
        Assert.DoesNotContain("tool_call", result.ToString(), StringComparison.Ordinal);
    }
}
