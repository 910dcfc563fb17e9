using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// OpenAI's <c>messages</c> → Microsoft.Extensions.AI messages: roles (developer is a system message), text content as
/// a string or text parts, the assistant's <c>tool_calls</c> as <see cref="FunctionCallContent"/> and tool results as
/// <see cref="FunctionResultContent"/>. Images, audio and files are refused: the served models read text only.
/// </summary>
internal static class ChatMessageParser
{
    public static List<ChatMessage> Parse(JsonElement root)
    {
        if (JsonFields.Get(root, "messages") is not { ValueKind: JsonValueKind.Array } array)
        {
            throw OpenAIRequestException.BadRequest("'messages' is required: an array of at least one message.", "messages", "missing_required_parameter");
        }

        var messages = new List<ChatMessage>();
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            messages.Add(ParseMessage(item, $"messages[{i}]"));
            i++;
        }

        return messages.Count > 0
            ? messages
            : throw OpenAIRequestException.BadRequest("'messages' must hold at least one message.", "messages", "invalid_value");
    }

    private static ChatMessage ParseMessage(JsonElement item, string param)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw JsonFields.Wrong(param, "an object");
        }

        var roleName = JsonFields.String(item, "role", param + ".role")
            ?? throw OpenAIRequestException.BadRequest($"'{param}.role' is required.", param + ".role", "missing_required_parameter");
        var role = roleName switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            _ => throw OpenAIRequestException.BadRequest(
                $"'{param}.role' must be system, developer, user, assistant or tool; '{roleName}' is not supported.", param + ".role", "invalid_value"),
        };

        var message = new ChatMessage { Role = role, AuthorName = JsonFields.String(item, "name", param + ".name") };
        var text = Text(item, param);
        if (role == ChatRole.Tool)
        {
            var callId = JsonFields.String(item, "tool_call_id", param + ".tool_call_id")
                ?? throw OpenAIRequestException.BadRequest($"'{param}.tool_call_id' is required for a tool message.", param + ".tool_call_id", "missing_required_parameter");
            message.Contents.Add(new FunctionResultContent(callId, text ?? string.Empty));
            return message;
        }

        if (!string.IsNullOrEmpty(text))
        {
            message.Contents.Add(new TextContent(text));
        }

        if (role == ChatRole.Assistant && JsonFields.Get(item, "tool_calls") is { } calls)
        {
            AddToolCalls(message, calls, param + ".tool_calls");
        }

        if (message.Contents.Count == 0 && role != ChatRole.Assistant)
        {
            message.Contents.Add(new TextContent(string.Empty));
        }

        return message;
    }

    private static string? Text(JsonElement item, string param)
    {
        if (JsonFields.Get(item, "content") is not { } content)
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw JsonFields.Wrong(param + ".content", "a string or an array of content parts");
        }

        var text = new StringBuilder();
        int j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partParam = $"{param}.content[{j++}]";
            var type = part.ValueKind == JsonValueKind.Object ? JsonFields.String(part, "type", partParam + ".type") : null;
            if (type is "text" or "refusal")
            {
                text.Append(JsonFields.String(part, type, partParam + "." + type));
                continue;
            }

            throw OpenAIRequestException.BadRequest(
                $"'{partParam}' is a '{type ?? part.ValueKind.ToString()}' part; the served models read text parts only.", partParam, "unsupported_content");
        }

        return text.ToString();
    }

    private static void AddToolCalls(ChatMessage message, JsonElement calls, string param)
    {
        if (calls.ValueKind != JsonValueKind.Array)
        {
            throw JsonFields.Wrong(param, "an array");
        }

        int k = 0;
        foreach (var call in calls.EnumerateArray())
        {
            var callParam = $"{param}[{k++}]";
            if (call.ValueKind != JsonValueKind.Object || JsonFields.Get(call, "function") is not { ValueKind: JsonValueKind.Object } function)
            {
                throw OpenAIRequestException.BadRequest($"'{callParam}' must be a function call: {{\"id\", \"type\": \"function\", \"function\": {{\"name\", \"arguments\"}}}}.", callParam, "invalid_value");
            }

            var id = JsonFields.String(call, "id", callParam + ".id") ?? $"call_{k}";
            var name = JsonFields.String(function, "name", callParam + ".function.name")
                ?? throw OpenAIRequestException.BadRequest($"'{callParam}.function.name' is required.", callParam + ".function.name", "missing_required_parameter");
            var arguments = JsonFields.String(function, "arguments", callParam + ".function.arguments");
            message.Contents.Add(new FunctionCallContent(id, name, ParseArguments(arguments, callParam + ".function.arguments")));
        }
    }

    private static Dictionary<string, object?>? ParseArguments(string? arguments, string param)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw JsonFields.Wrong(param, "a JSON object in a string");
            }

            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        }
        catch (JsonException e)
        {
            throw OpenAIRequestException.BadRequest($"'{param}' is not valid JSON: {e.Message}", param, "invalid_value");
        }
    }
}
