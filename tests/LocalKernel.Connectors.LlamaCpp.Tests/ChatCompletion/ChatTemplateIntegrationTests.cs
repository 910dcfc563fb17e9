using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>The chat client renders prompts with the model's own Jinja template.</summary>
public class ChatTemplateIntegrationTests
{
    private static LlamaModel ModelWithTemplate(string name, string? template) =>
        LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny with { Name = name, ChatTemplate = template }));

    // The rendered text, before tokenization (the test vocabulary's SentencePiece tokenizer adds its own spaces).
    private static string Prompt(LlamaChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options = null) =>
        ChatPromptFormatters.For(client.Model, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).Format(messages.ToList(), options);

    [Fact]
    public void The_model_chatml_template_renders_the_conversation()
    {
        using var model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));
        using var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = 256 });
        var prompt = Prompt(client, [new(ChatRole.System, "be brief"), new(ChatRole.User, "hello")]);
        Assert.Equal("<|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n", prompt);
    }

    [Fact]
    public void Tools_and_tool_results_reach_the_template()
    {
        const string template =
            "{% if tools %}TOOLS:{{ tools | tojson }}\n{% endif %}" +
            "{% for m in messages %}{{ m.role }}:{{ m.content }}" +
            "{% if m.tool_calls %}{% for c in m.tool_calls %}CALL {{ c.function.name }}({{ c.function.arguments | tojson }}) id={{ c.id }}{% endfor %}{% endif %}" +
            "{% if m.tool_call_id %} for={{ m.tool_call_id }}{% endif %}\n{% endfor %}";
        using var model = ModelWithTemplate("tools-template", template);
        using var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = 512 });
        var weather = AIFunctionFactory.Create(([Description("The city")] string city) => $"Sunny in {city}", "get_weather", "Gets the weather");
        List<ChatMessage> history =
        [
            new(ChatRole.User, "weather in Paris?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call1", "Sunny in Paris")]),
        ];

        var prompt = Prompt(client, history, new ChatOptions { Tools = [weather] });
        Assert.Contains("\"name\": \"get_weather\"", prompt, StringComparison.Ordinal);
        Assert.Contains("\"city\"", prompt, StringComparison.Ordinal);
        Assert.Contains("CALL get_weather({\"city\": \"Paris\"}) id=call1", prompt, StringComparison.Ordinal);
        Assert.Contains("tool:Sunny in Paris for=call1", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conversation_the_template_refuses_is_an_argument_error_with_its_message()
    {
        const string template = "{% for m in messages %}{% if (m.role == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant') }}{% endif %}{{ m.content }}{% endfor %}";
        using var model = ModelWithTemplate("alternating-template", template);
        using var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = 256 });
        var e = Assert.Throws<ArgumentException>(() => client.GetStreamingResponseAsync([new(ChatRole.User, "a"), new(ChatRole.User, "b")]));
        Assert.Contains("roles must alternate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_that_does_not_parse_falls_back_to_llama_cpp_and_still_answers()
    {
        using var model = ModelWithTemplate("broken-template", "{% for m in messages %}<|im_start|>{{ m.role }}");
        using var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = 256 });
        var response = await client.GetResponseAsync("hello", new ChatOptions { Temperature = 0, MaxOutputTokens = 4 });
        Assert.NotNull(response.FinishReason);
    }
}
