using System.Text.Json;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>Typed reads of optional request fields; a field of the wrong type is a 400 that names it.</summary>
internal static class JsonFields
{
    public static JsonElement? Get(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? String(JsonElement obj, string name, string? param = null)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Wrong(param ?? name, "a string");
    }

    public static bool? Bool(JsonElement obj, string name, string? param = null)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Wrong(param ?? name, "true or false");
    }

    public static double? Number(JsonElement obj, string name, double min, double max, string? param = null)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Wrong(param ?? name, "a number");
        }

        var number = value.GetDouble();
        return number >= min && number <= max
            ? number
            : throw OpenAIRequestException.BadRequest($"'{param ?? name}' must be between {min} and {max}; it is {number}.", param ?? name, "invalid_value");
    }

    public static long? Integer(JsonElement obj, string name, long min, long max, string? param = null)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw Wrong(param ?? name, "an integer");
        }

        return number >= min && number <= max
            ? number
            : throw OpenAIRequestException.BadRequest($"'{param ?? name}' must be between {min} and {max}; it is {number}.", param ?? name, "invalid_value");
    }

    public static OpenAIRequestException Wrong(string param, string expected) =>
        OpenAIRequestException.BadRequest($"'{param}' must be {expected}.", param, "invalid_type");
}
