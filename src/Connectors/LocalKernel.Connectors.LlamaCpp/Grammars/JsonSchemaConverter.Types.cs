using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp;

// The rule bodies of each JSON type.
internal sealed partial class JsonSchemaConverter
{
    private string ObjectBody(JsonObject schema, string name, string path)
    {
        var space = _rules.Space;
        var properties = schema["properties"] switch
        {
            null => null,
            JsonObject p => p,
            _ => throw new ArgumentException($"'properties' at '{path}' must be an object."),
        };
        var required = StringList(schema["required"], "required", path);

        // Like llama.cpp: declared properties and no additionalProperties means no extra properties.
        (bool allowExtra, JsonNode? extraSchema) = schema["additionalProperties"] switch
        {
            null => (properties is null, null),
            JsonValue v when v.TryGetValue<bool>(out var b) => (b, null),
            JsonObject extra => (true, extra),
            _ => throw new ArgumentException($"'additionalProperties' at '{path}' must be a boolean or a schema."),
        };

        if ((properties is null || properties.Count == 0) && required.Count == 0 && allowExtra && extraSchema is null)
        {
            return JsonPrimitiveRules.Object(_rules);
        }

        var kvRules = new Dictionary<string, string>(StringComparer.Ordinal);
        var declared = new List<string>();
        foreach (var (property, propertySchema) in properties ?? new JsonObject())
        {
            declared.Add(property);
            var valueRule = Rule(propertySchema, $"{name}-{property}", $"{path}/properties/{PointerToken(property)}");
            kvRules[property] = _rules.Add($"{name}-{property}-kv", $"{Gbnf.Literal(JsonString(property))} {space} \":\" {space} {valueRule}");
        }

        string? extraValue = null;
        if (allowExtra)
        {
            extraValue = extraSchema is null ? JsonPrimitiveRules.Value(_rules) : Rule(extraSchema, $"{name}-additional-value", $"{path}/additionalProperties");
        }

        var requiredKvs = declared.Where(required.Contains).Select(p => kvRules[p]).ToList();
        foreach (var undeclared in required.Where(r => !kvRules.ContainsKey(r)))
        {
            // A required property without a declaration: its value follows additionalProperties.
            if (extraValue is null)
            {
                throw new ArgumentException($"'{undeclared}' is required at '{path}' but neither declared nor allowed by additionalProperties.");
            }

            requiredKvs.Add(_rules.Add($"{name}-{undeclared}-kv", $"{Gbnf.Literal(JsonString(undeclared))} {space} \":\" {space} {extraValue}"));
        }

        // Optional properties in declared order, then any additional ones ("*").
        var optional = declared.Where(p => !required.Contains(p)).Select(p => (Key: p, Kv: kvRules[p], Many: false)).ToList();
        if (extraValue is not null)
        {
            var key = declared.Count + required.Count == 0 ? JsonPrimitiveRules.String(_rules) : _rules.Add($"{name}-additional-key", ExcludedStrings([.. declared, .. required]));
            optional.Add(("*", _rules.Add($"{name}-additional-kv", $"{key} {space} \":\" {space} {extraValue}"), true));
        }

        var body = $"\"{{\" {space}";
        if (requiredKvs.Count > 0)
        {
            body += " " + string.Join($" \",\" {space} ", requiredKvs);
        }

        if (optional.Count > 0)
        {
            var alternatives = Enumerable.Range(0, optional.Count).Select(i => OptionalChain(optional, i, name, space));
            var group = $"({string.Join(" | ", alternatives)})";
            body += requiredKvs.Count > 0 ? $" (\",\" {space} {group})?" : $" {group}?";
        }

        return body + $" {space} \"}}\"";
    }

    /// <summary>The optional properties from <paramref name="start"/> on, the first one present, each later one optional.</summary>
    private string OptionalChain(List<(string Key, string Kv, bool Many)> optional, int start, string name, string space)
    {
        var (_, kv, many) = optional[start];
        var chain = many ? $"{kv} (\",\" {space} {kv})*" : kv;
        return start + 1 < optional.Count ? $"{chain} {Rest(optional, start + 1, name, space)}" : chain;
    }

    private string Rest(List<(string Key, string Kv, bool Many)> optional, int index, string name, string space)
    {
        var (key, kv, many) = optional[index];
        var body = $"(\",\" {space} {kv}){(many ? "*" : "?")}";
        if (index + 1 < optional.Count)
        {
            body += " " + Rest(optional, index + 1, name, space);
        }

        return _rules.Add($"{name}-{(key == "*" ? "additional" : key)}-rest", body);
    }

    /// <summary>
    /// A JSON string that is none of <paramref name="excluded"/>: a trie of the names as JSON spells them, left anywhere.
    /// (A name written with needless \u escapes is not recognised; models do not write keys that way.)
    /// </summary>
    private string ExcludedStrings(IReadOnlyCollection<string> excluded)
    {
        var root = new TrieNode();
        foreach (var word in excluded.Distinct())
        {
            var node = root;
            foreach (var rune in JsonString(word)[1..^1].EnumerateRunes())
            {
                var key = rune.ToString();
                if (!node.Children.TryGetValue(key, out var child))
                {
                    child = new TrieNode();
                    node.Children[key] = child;
                }

                node = child;
            }

            node.IsWord = true;
        }

        var c = JsonPrimitiveRules.Char(_rules);
        return $"\"\\\"\" {Continuations(root, c)} \"\\\"\"";
    }

    // Continuations after a trie node that keep the string off every word: leave the trie by another character
    // (then anything follows), go deeper, or stop here when the node ends no word.
    private static string Continuations(TrieNode node, string charRule)
    {
        var alternatives = new List<string>();
        foreach (var (character, child) in node.Children.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            alternatives.Add($"{Gbnf.Literal(character)} {Continuations(child, charRule)}");
        }

        var others = Gbnf.JsonStringCharacters(node.Children.Keys.Select(k => char.ConvertToUtf32(k, 0)));
        alternatives.Add($"{Gbnf.CharClass(others)} {charRule}*");
        if (!node.Children.ContainsKey("\\"))
        {
            // When a name continues with an escape here, any escape could spell it; leaving by an escape is not offered.
            alternatives.Add($"{JsonPrimitiveRules.Escape} {charRule}*");
        }
        return $"({string.Join(" | ", alternatives)}){(node.IsWord ? "" : "?")}";
    }

    private string ArrayBody(JsonObject schema, string name, string path)
    {
        var space = _rules.Space;
        int min = Count(schema, "minItems", path) ?? 0;
        int? max = Count(schema, "maxItems", path);
        if (max < min)
        {
            throw new ArgumentException($"maxItems < minItems at '{path}'.");
        }

        var tuple = schema["prefixItems"] as JsonArray ?? schema["items"] as JsonArray;
        var itemsNode = schema["items"] is JsonArray ? null : schema["items"];
        bool extraAllowed = itemsNode is not JsonValue v || !v.TryGetValue<bool>(out var allowed) || allowed;
        if (schema["items"] is JsonArray)
        {
            extraAllowed = false; // draft-4 tuple form: additionalItems is refused as unsupported, so no extra items.
        }

        string Item() => itemsNode is null or JsonValue ? JsonPrimitiveRules.Value(_rules) : Rule(itemsNode, $"{name}-item", $"{path}/items");

        if (tuple is null)
        {
            if (!extraAllowed && min > 0)
            {
                throw new ArgumentException($"'items: false' and minItems {min} at '{path}' leave no valid array.");
            }

            if (!extraAllowed)
            {
                max = 0;
            }

            if (min == 0 && max is null && itemsNode is null or JsonValue)
            {
                return JsonPrimitiveRules.Array(_rules);
            }

            return $"\"[\" {space} {Gbnf.Repeat(Item(), min, max, $"\",\" {space}")} {space} \"]\"";
        }

        // Every prefix item is written (a subset of what the schema allows), then extra items as allowed.
        int count = Math.Min(tuple.Count, max ?? tuple.Count);
        var parts = new List<string>();
        for (int i = 0; i < count; i++)
        {
            parts.Add(Rule(tuple[i], $"{name}-tuple-{i}", $"{path}/prefixItems/{i}"));
        }

        var body = $"\"[\" {space} {string.Join($" \",\" {space} ", parts)}";
        int extraMin = Math.Max(0, min - count);
        int? extraMax = extraAllowed ? max - count : 0;
        if (extraMin > 0 && !extraAllowed)
        {
            throw new ArgumentException($"minItems {min} at '{path}' needs more items than prefixItems allows.");
        }

        if (extraMax != 0)
        {
            var extra = Gbnf.Repeat($"(\",\" {space} {Item()})", extraMin, extraMax);
            body += count == 0 ? $" {Gbnf.Repeat(Item(), extraMin, extraMax, $"\",\" {space}")}" : " " + extra;
        }

        return body + $" {space} \"]\"";
    }

    private string StringBody(JsonObject schema, string name, string path)
    {
        if (schema["format"] is JsonValue format && format.TryGetValue<string>(out var f))
        {
            // Formats other than these are annotations in JSON Schema 2019-09 and later.
            switch (f)
            {
                case "date": return JsonPrimitiveRules.DateString(_rules);
                case "time": return JsonPrimitiveRules.TimeString(_rules);
                case "date-time": return JsonPrimitiveRules.DateTimeString(_rules);
                case "uuid": return JsonPrimitiveRules.Uuid(_rules);
            }
        }

        int min = Count(schema, "minLength", path) ?? 0;
        int? max = Count(schema, "maxLength", path);
        if (max < min)
        {
            throw new ArgumentException($"maxLength < minLength at '{path}'.");
        }

        if (max is null && _defaultMaxStringLength is { } defaultMax)
        {
            max = Math.Max(min, defaultMax);
        }

        return min == 0 && max is null ? JsonPrimitiveRules.String(_rules)
            : $"\"\\\"\" {Gbnf.Repeat(JsonPrimitiveRules.Char(_rules), min, max)} \"\\\"\"";
    }

    private string IntegerBody(JsonObject schema, string path)
    {
        BigInteger? low = null, high = null;
        if (schema["minimum"] is { } minimum)
        {
            var value = Number(minimum, "minimum", path);
            low = new BigInteger(decimal.Ceiling(value));
            if (schema["exclusiveMinimum"] is JsonValue draft4 && draft4.TryGetValue<bool>(out var exclusive) && exclusive && decimal.Ceiling(value) == value)
            {
                low += 1;
            }
        }

        if (schema["exclusiveMinimum"] is JsonValue exclusiveMinimum && exclusiveMinimum.GetValueKind() == JsonValueKind.Number)
        {
            var bound = new BigInteger(decimal.Floor(Number(exclusiveMinimum, "exclusiveMinimum", path))) + 1;
            low = low is { } l && l > bound ? l : bound;
        }

        if (schema["maximum"] is { } maximum)
        {
            var value = Number(maximum, "maximum", path);
            high = new BigInteger(decimal.Floor(value));
            if (schema["exclusiveMaximum"] is JsonValue draft4 && draft4.TryGetValue<bool>(out var exclusive) && exclusive && decimal.Floor(value) == value)
            {
                high -= 1;
            }
        }

        if (schema["exclusiveMaximum"] is JsonValue exclusiveMaximum && exclusiveMaximum.GetValueKind() == JsonValueKind.Number)
        {
            var bound = new BigInteger(decimal.Ceiling(Number(exclusiveMaximum, "exclusiveMaximum", path))) - 1;
            high = high is { } h && h < bound ? h : bound;
        }

        if (_defaultMaxIntegerDigits is { } digits)
        {
            // An unbounded side gets at most this many digits (a weak model may otherwise write digits until the token limit).
            var largest = BigInteger.Pow(10, digits) - 1;
            high ??= low is { } l && l > largest ? l + largest : largest;
            low ??= BigInteger.Min(high.Value, -largest);
        }

        return low is null && high is null ? JsonPrimitiveRules.Integer(_rules) : IntegerRangeGrammar.Build(low, high);
    }

    private string NumberBody(JsonObject schema, string path)
    {
        foreach (var bound in (string[])["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"])
        {
            if (schema[bound] is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                throw new JsonSchemaNotSupportedException(bound, path, "bounds of non-integer numbers cannot be enforced by a grammar (use type 'integer')");
            }
        }

        return JsonPrimitiveRules.Number(_rules);
    }

    private static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    private static int? Count(JsonObject schema, string keyword, string path)
    {
        if (schema[keyword] is not { } node)
        {
            return null;
        }

        var value = Number(node, keyword, path);
        if (value < 0 || decimal.Truncate(value) != value)
        {
            throw new ArgumentException($"'{keyword}' at '{path}' must be a non-negative integer.");
        }

        return value > Gbnf.MaxRepetition
            ? throw new JsonSchemaNotSupportedException(keyword, path, $"llama.cpp's grammar repeats an item at most {Gbnf.MaxRepetition} times")
            : (int)value;
    }

    private static List<string> StringList(JsonNode? node, string keyword, string path) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(n => AsString(n, keyword, path))],
        _ => throw new ArgumentException($"'{keyword}' at '{path}' must be an array of strings."),
    };

    private static string JsonString(string text) => JsonSerializer.Serialize(text, LiteralJson);

    private static string PointerToken(string property) => property.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private sealed class TrieNode
    {
        public Dictionary<string, TrieNode> Children { get; } = new(StringComparer.Ordinal);

        public bool IsWord { get; set; }
    }
}
