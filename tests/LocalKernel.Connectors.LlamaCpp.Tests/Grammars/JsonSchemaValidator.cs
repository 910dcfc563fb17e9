using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// A small JSON Schema validator for the subset the grammar converter supports, with the standard semantics
/// (absent additionalProperties allows extra properties, oneOf needs exactly one match). Written independently of
/// the converter so the property test compares two readings of the schema.
/// </summary>
internal sealed partial class JsonSchemaValidator(JsonNode root)
{
    /// <summary>The reasons <paramref name="instance"/> fails <paramref name="schema"/>; empty when it is valid.</summary>
    public static List<string> Validate(JsonNode? instance, JsonNode schema)
    {
        var errors = new List<string>();
        new JsonSchemaValidator(schema).Check(instance, schema, "$", errors);
        return errors;
    }

    private void Check(JsonNode? value, JsonNode? schema, string at, List<string> errors)
    {
        if (schema is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            if (b.GetValueKind() == JsonValueKind.False)
            {
                errors.Add($"{at}: the schema false accepts nothing");
            }

            return;
        }

        var s = (JsonObject)schema!;
        if (s["$ref"] is { } reference)
        {
            Check(value, Resolve(reference.GetValue<string>()), at, errors);
        }

        if (s["allOf"] is JsonArray all)
        {
            foreach (var part in all)
            {
                Check(value, part, at, errors);
            }
        }

        if (s["anyOf"] is JsonArray any && !any.Any(part => Passes(value, part)))
        {
            errors.Add($"{at}: matches no anyOf alternative");
        }

        if (s["oneOf"] is JsonArray one && one.Count(part => Passes(value, part)) != 1)
        {
            errors.Add($"{at}: matches {one.Count(part => Passes(value, part))} oneOf alternatives, not 1");
        }

        if (s.TryGetPropertyValue("const", out var constant) && !JsonNode.DeepEquals(value, constant))
        {
            errors.Add($"{at}: is not the const {constant?.ToJsonString() ?? "null"}");
        }

        if (s["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(value, v)))
        {
            errors.Add($"{at}: is not one of the enum values");
        }

        if (s["type"] is { } type)
        {
            var types = type is JsonArray a ? a.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!types.Any(t => HasType(value, t)))
            {
                errors.Add($"{at}: {Kind(value)} is not of type {string.Join("|", types)}");
                return;
            }
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, s, at, errors);
                break;
            case JsonArray array:
                CheckArray(array, s, at, errors);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                CheckString(v.GetValue<string>(), s, at, errors);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                CheckNumber(double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture), s, at, errors);
                break;
        }
    }

    private bool Passes(JsonNode? value, JsonNode? schema)
    {
        var errors = new List<string>();
        Check(value, schema, "", errors);
        return errors.Count == 0;
    }

    private void CheckObject(JsonObject obj, JsonObject s, string at, List<string> errors)
    {
        var properties = s["properties"] as JsonObject;
        foreach (var required in (s["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (!obj.ContainsKey(required))
            {
                errors.Add($"{at}: lacks the required property '{required}'");
            }
        }

        foreach (var (key, child) in obj)
        {
            if (properties is not null && properties.TryGetPropertyValue(key, out var propertySchema))
            {
                Check(child, propertySchema, $"{at}.{key}", errors);
            }
            else if (s["additionalProperties"] is { } extra)
            {
                Check(child, extra, $"{at}.{key}", errors);
            }
        }
    }

    private void CheckArray(JsonArray array, JsonObject s, string at, List<string> errors)
    {
        if (s["minItems"] is { } min && array.Count < (int)min)
        {
            errors.Add($"{at}: {array.Count} items < minItems {min}");
        }

        if (s["maxItems"] is { } max && array.Count > (int)max)
        {
            errors.Add($"{at}: {array.Count} items > maxItems {max}");
        }

        var prefix = s["prefixItems"] as JsonArray;
        for (int i = 0; i < array.Count; i++)
        {
            if (prefix is not null && i < prefix.Count)
            {
                Check(array[i], prefix[i], $"{at}[{i}]", errors);
            }
            else if (s["items"] is { } items)
            {
                Check(array[i], items, $"{at}[{i}]", errors);
            }
        }
    }

    private static void CheckString(string text, JsonObject s, string at, List<string> errors)
    {
        int length = text.EnumerateRunes().Count(); // JSON Schema counts characters (code points), not UTF-16 units
        if (s["minLength"] is { } min && length < (int)min)
        {
            errors.Add($"{at}: length {length} < minLength {min}");
        }

        if (s["maxLength"] is { } max && length > (int)max)
        {
            errors.Add($"{at}: length {length} > maxLength {max}");
        }

        var format = s["format"]?.GetValue<string>();
        var regex = format switch
        {
            "date" => DateRegex(),
            "time" => TimeRegex(),
            "date-time" => DateTimeRegex(),
            "uuid" => UuidRegex(),
            _ => null,
        };
        if (regex is not null && !regex.IsMatch(text))
        {
            errors.Add($"{at}: '{text}' is not a {format}");
        }
    }

    private static void CheckNumber(double number, JsonObject s, string at, List<string> errors)
    {
        double? Bound(string keyword) => s[keyword] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) : null;
        if (Bound("minimum") is { } min && number < min)
        {
            errors.Add($"{at}: {number} < minimum {min}");
        }

        if (Bound("maximum") is { } max && number > max)
        {
            errors.Add($"{at}: {number} > maximum {max}");
        }

        if (Bound("exclusiveMinimum") is { } exclusiveMin && number <= exclusiveMin)
        {
            errors.Add($"{at}: {number} <= exclusiveMinimum {exclusiveMin}");
        }

        if (Bound("exclusiveMaximum") is { } exclusiveMax && number >= exclusiveMax)
        {
            errors.Add($"{at}: {number} >= exclusiveMaximum {exclusiveMax}");
        }
    }

    private static bool HasType(JsonNode? value, string type) => type switch
    {
        "null" => value is null,
        "boolean" => value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "string" => value?.GetValueKind() == JsonValueKind.String,
        "number" => value?.GetValueKind() == JsonValueKind.Number,
        "integer" => value?.GetValueKind() == JsonValueKind.Number
            && double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) is var d && double.IsFinite(d) && Math.Floor(d) == d,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        _ => throw new ArgumentException($"Unknown type {type}"),
    };

    private static string Kind(JsonNode? value) => value?.GetValueKind().ToString() ?? "null";

    private JsonNode? Resolve(string reference)
    {
        JsonNode? node = root;
        foreach (var token in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node![token.Replace("~1", "/").Replace("~0", "~")];
        }

        return node;
    }

    [GeneratedRegex(@"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,7})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$")]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,7})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$")]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidRegex();
}
