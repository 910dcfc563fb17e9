using System.Text.Json;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A call as a syntax read it, before it becomes a <see cref="Microsoft.Extensions.AI.FunctionCallContent"/>.</summary>
internal sealed record ParsedToolCall(string Name, Dictionary<string, object?> Arguments, string? Id);

/// <summary>
/// Reads call objects in the spellings the families use: the name under <c>name</c>, <c>tool_name</c> or
/// <c>function.name</c>; the arguments under <c>arguments</c> or <c>parameters</c>, as an object or as a string
/// holding one (OpenAI style); an id under <c>id</c>, <c>tool_call_id</c> or <c>call_id</c>.
/// </summary>
internal static class ToolCallJson
{
    /// <summary>Reads one call object, or says why it is not one.</summary>
    public static bool TryReadCall(JsonElement element, out ParsedToolCall? call, out string? error)
    {
        call = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"a tool call must be a JSON object, not {element.ValueKind}";
            return false;
        }

        var source = element.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object ? function : element;
        var name = StringProperty(source, "name") ?? StringProperty(element, "tool_name") ?? StringProperty(element, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            error = "the tool call has no name";
            return false;
        }

        JsonElement? arguments = Property(source, "arguments") ?? Property(source, "parameters") ?? Property(element, "arguments") ?? Property(element, "parameters");
        if (!TryReadArguments(arguments, out var dictionary, out error))
        {
            return false;
        }

        var id = Property(element, "id") ?? Property(element, "tool_call_id") ?? Property(element, "call_id");
        call = new ParsedToolCall(name, dictionary!, id is { ValueKind: JsonValueKind.String or JsonValueKind.Number } i ? i.ToString() : null);
        return true;
    }

    /// <summary>Arguments as a dictionary of JSON values: from an object, a string holding an object, or nothing (none).</summary>
    public static bool TryReadArguments(JsonElement? arguments, out Dictionary<string, object?>? dictionary, out string? error)
    {
        dictionary = null;
        error = null;
        var value = arguments;
        if (value is { ValueKind: JsonValueKind.String } text)
        {
            value = ToolCallText.ParseJson(text.GetString()!, 0, text.GetString()!.Length);
            if (value is null)
            {
                error = "the arguments string is not JSON";
                return false;
            }
        }

        switch (value)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
                return true;
            case { ValueKind: JsonValueKind.Object } obj:
                dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in obj.EnumerateObject())
                {
                    dictionary[property.Name] = property.Value.Clone();
                }

                return true;
            default:
                error = $"the arguments must be a JSON object, not {value.Value.ValueKind}";
                return false;
        }
    }

    /// <summary>Reads a call object or an array of them.</summary>
    public static bool TryReadCalls(JsonElement element, List<ParsedToolCall> calls, out string? error)
    {
        error = null;
        if (element.ValueKind == JsonValueKind.Array)
        {
            if (element.GetArrayLength() == 0)
            {
                error = "the list of tool calls is empty";
                return false;
            }

            foreach (var item in element.EnumerateArray())
            {
                if (!TryReadCall(item, out var call, out error))
                {
                    return false;
                }

                calls.Add(call!);
            }

            return true;
        }

        if (!TryReadCall(element, out var single, out error))
        {
            return false;
        }

        calls.Add(single!);
        return true;
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value : null;

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
