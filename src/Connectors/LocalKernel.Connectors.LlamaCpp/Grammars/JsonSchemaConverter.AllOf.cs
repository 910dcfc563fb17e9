using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp;

// allOf: its parts are folded into one schema before a rule is made.
internal sealed partial class JsonSchemaConverter
{
    /// <summary>allOf folded into one schema: properties and required lists united, types intersected, bounds tightened.</summary>
    private JsonObject MergeAllOf(JsonObject schema, string path)
    {
        if (schema["allOf"] is not JsonArray { Count: > 0 } parts)
        {
            throw new ArgumentException($"'allOf' at '{path}' must be a non-empty array.");
        }

        var merged = Without(schema, "allOf");
        for (int i = 0; i < parts.Count; i++)
        {
            MergeInto(merged, Flatten(parts[i], $"{path}/allOf/{i}"), $"{path}/allOf/{i}");
        }

        return merged;
    }

    /// <summary>A part of allOf with its own $ref and allOf resolved.</summary>
    private JsonObject Flatten(JsonNode? part, string path)
    {
        if (++_depth > MaxDepth)
        {
            throw new ArgumentException($"allOf at '{path}' refers to itself.");
        }

        try
        {
            switch (part)
            {
                case JsonValue v when v.TryGetValue<bool>(out var b):
                    return b ? new JsonObject() : throw new ArgumentException($"'false' in allOf at '{path}' accepts no value.");
                case JsonObject obj:
                    var unsupported = obj.Select(p => p.Key).FirstOrDefault(UnsupportedKeywords.Contains);
                    if (unsupported is not null)
                    {
                        throw new JsonSchemaNotSupportedException(unsupported, path);
                    }

                    var result = obj["allOf"] is not null ? MergeAllOf(obj, path) : (JsonObject)obj.DeepClone();
                    if (result["$ref"] is { } reference)
                    {
                        var referenceText = AsString(reference, "$ref", path);
                        if (!referenceText.StartsWith('#'))
                        {
                            throw new JsonSchemaNotSupportedException("$ref", path, $"'{referenceText}' is not a local reference");
                        }

                        var rest = Without(result, "$ref");
                        result = Flatten(ResolvePointer(referenceText, path), referenceText);
                        MergeInto(result, rest, path);
                    }

                    return result;
                default:
                    throw new ArgumentException($"An allOf part at '{path}' must be a schema.");
            }
        }
        finally
        {
            _depth--;
        }
    }

    private static void MergeInto(JsonObject target, JsonObject source, string path)
    {
        foreach (var (key, value) in source)
        {
            if (!target.TryGetPropertyValue(key, out var existing) || existing is null)
            {
                target[key] = value?.DeepClone();
                continue;
            }

            if (JsonNode.DeepEquals(existing, value) || PassiveKeywords.Contains(key))
            {
                continue;
            }

            switch (key)
            {
                case "properties" when existing is JsonObject mine && value is JsonObject theirs:
                    foreach (var (property, schema) in theirs)
                    {
                        mine[property] = mine.TryGetPropertyValue(property, out var own) && own is not null && !JsonNode.DeepEquals(own, schema)
                            ? new JsonObject { ["allOf"] = new JsonArray(own.DeepClone(), schema?.DeepClone()) }
                            : schema?.DeepClone();
                    }

                    break;
                case "required":
                    var union = StringList(existing, key, path).Union(StringList(value, key, path)).ToArray();
                    target[key] = new JsonArray([.. union.Select(r => (JsonNode)r)]);
                    break;
                case "type":
                    target[key] = IntersectTypes(existing, value, path);
                    break;
                case "minLength" or "minItems" or "minimum" or "exclusiveMinimum" when IsNumber(existing) && IsNumber(value):
                    target[key] = Number(existing, key, path) >= Number(value, key, path) ? existing.DeepClone() : value!.DeepClone();
                    break;
                case "maxLength" or "maxItems" or "maximum" or "exclusiveMaximum" when IsNumber(existing) && IsNumber(value):
                    target[key] = Number(existing, key, path) <= Number(value, key, path) ? existing.DeepClone() : value!.DeepClone();
                    break;
                case "additionalProperties" when existing is JsonValue a && a.TryGetValue<bool>(out var x) && !x:
                    break;
                case "additionalProperties" when value is JsonValue b && b.TryGetValue<bool>(out var y) && !y:
                    target[key] = false;
                    break;
                default:
                    throw new JsonSchemaNotSupportedException(key, path, "allOf parts give it different values");
            }
        }
    }

    private static JsonNode IntersectTypes(JsonNode? first, JsonNode? second, string path)
    {
        static string[] Of(JsonNode? node, string path) => node is JsonArray a ? [.. a.Select(t => AsString(t, "type", path))] : [AsString(node, "type", path)];
        var left = Of(first, path);
        var right = Of(second, path);
        var result = new List<string>();
        foreach (var t in left)
        {
            if (right.Contains(t))
            {
                result.Add(t);
            }
            else if ((t == "integer" && right.Contains("number")) || (t == "number" && right.Contains("integer")))
            {
                result.Add("integer");
            }
        }

        return result.Distinct().ToList() switch
        {
            [] => throw new ArgumentException($"The types of allOf at '{path}' have nothing in common."),
            [var single] => single,
            var many => new JsonArray([.. many.Select(t => (JsonNode)t)]),
        };
    }
}
