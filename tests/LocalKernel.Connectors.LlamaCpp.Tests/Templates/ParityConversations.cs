using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>The fixed conversations every llama.cpp template is rendered with, on both engines.</summary>
internal static class ParityConversations
{
    private const string Tools = """
        [{"type": "function", "function": {"name": "get_weather", "description": "Get the current weather in a city.",
          "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "The city name"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}}]
        """;

    public static IReadOnlyList<(string Name, JsonObject Context)> All =>
    [
        ("chat", Context("""
            [{"role": "system", "content": "You are a helpful assistant."},
             {"role": "user", "content": "Hello! What can you do?"},
             {"role": "assistant", "content": "I can answer questions and help with tasks."},
             {"role": "user", "content": "What is the capital of France?"}]
            """)),
        ("no-system", Context("""
            [{"role": "user", "content": "Hello! What can you do?"},
             {"role": "assistant", "content": "I can answer questions and help with tasks."},
             {"role": "user", "content": "What is the capital of France?"}]
            """)),
        ("tool-call", Context(
            """
            [{"role": "system", "content": "You are a helpful assistant."},
             {"role": "user", "content": "What's the weather in Zürich?"},
             {"role": "assistant", "content": "", "tool_calls": [{"id": "call12345", "type": "function",
               "function": {"name": "get_weather", "arguments": {"city": "Zürich"}}}]},
             {"role": "tool", "tool_call_id": "call12345", "name": "get_weather",
              "content": "{\"temperature\": 22, \"condition\": \"sunny\"}"}]
            """,
            Tools)),
        ("multi-turn", Context(
            """
            [{"role": "system", "content": "  You answer briefly.\nUse tools when needed.  "},
             {"role": "user", "content": "Compare the weather in Zürich and \"Paris\" {today}."},
             {"role": "assistant", "content": "", "reasoning_content": "I need both cities.",
              "tool_calls": [
                {"id": "call12345", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Zürich", "unit": "celsius"}}},
                {"id": "call67890", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
             {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": "{\"temperature\": 22}"},
             {"role": "tool", "tool_call_id": "call67890", "name": "get_weather", "content": "{\"temperature\": 25.5}"},
             {"role": "assistant", "content": "Zürich: 22 °C.\n\nParis: 25.5 °C — warmer."},
             {"role": "user", "content": "Thanks! 🙂"}]
            """,
            Tools)),
    ];

    /// <summary>The same variables for our engine, converted from the JSON the reference gets.</summary>
    public static ChatTemplateContext ToContext(JsonObject json)
    {
        var context = new ChatTemplateContext
        {
            AddGenerationPrompt = json["add_generation_prompt"]!.GetValue<bool>(),
            BosToken = json["bos_token"]!.GetValue<string>(),
            EosToken = json["eos_token"]!.GetValue<string>(),
            Clock = new FixedClock(ReferenceJinja.FixedNow),
        };
        foreach (var message in json["messages"]!.AsArray())
        {
            context.Messages.Add(JinjaValue.FromJson(message));
        }

        if (json["tools"] is JsonArray tools)
        {
            context.Tools = [.. tools.Select(JinjaValue.FromJson)];
        }

        return context;
    }

    private static JsonObject Context(string messages, string? tools = null)
    {
        var context = new JsonObject
        {
            ["messages"] = JsonNode.Parse(messages),
            ["add_generation_prompt"] = true,
            ["bos_token"] = "<s>",
            ["eos_token"] = "</s>",
        };
        if (tools is not null)
        {
            context["tools"] = JsonNode.Parse(tools);
        }

        return context;
    }
}
