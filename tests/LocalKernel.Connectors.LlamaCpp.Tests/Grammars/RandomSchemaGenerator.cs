using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Random JSON schemas over the subset the grammar converter supports, nested at most three levels. Every schema
/// keeps its values short (strings have a maxLength or a format, arrays a maxItems ≤ 3, objects no open-ended extra
/// properties) so a random-weight model forced by the grammar finishes well inside the token limit.
/// </summary>
internal sealed class RandomSchemaGenerator(int seed)
{
    private const int MaxDepth = 3;

    private static readonly string[] PropertyNames =
        ["a", "name", "count", "with space", "quote\"d", "ünï", "a-b", "nested", "x1", "enabled", "tags", "value"];

    private static readonly JsonNode?[] EnumValues =
        ["red", "green", "é", "日本", "with \"quote\"", 0, 1, -7, 3.5, true, false, null, "", "a\\b"];

    private readonly Random _random = new(seed);
    private JsonObject _definitions = [];

    /// <summary>A new schema; objects are favoured at the top, as tool arguments are objects.</summary>
    public JsonObject Next()
    {
        _definitions = [];
        var schema = _random.Next(3) == 0 ? Any(0) : Object(0);
        if (_definitions.Count > 0)
        {
            schema["$defs"] = _definitions;
        }

        return schema;
    }

    private JsonObject Any(int depth)
    {
        int kinds = depth >= MaxDepth ? 9 : 16;
        return _random.Next(kinds) switch
        {
            0 => String(),
            1 => new JsonObject { ["type"] = "string", ["format"] = Pick("date", "time", "date-time", "uuid") },
            2 => Integer(),
            3 => new JsonObject { ["type"] = "number" },
            4 => new JsonObject { ["type"] = "boolean" },
            5 => new JsonObject { ["type"] = "null" },
            6 => Enum(),
            7 => new JsonObject { ["const"] = EnumValues[_random.Next(EnumValues.Length)]?.DeepClone() },
            8 => Nullable(),
            9 => Object(depth),
            10 => Array(depth),
            11 => Tuple(depth),
            12 => new JsonObject { ["anyOf"] = new JsonArray([.. Enumerable.Range(0, 2 + _random.Next(2)).Select(_ => (JsonNode)Any(depth + 1))]) },
            13 => OneOf(depth),
            14 => AllOf(depth),
            _ => _random.Next(6) == 0 ? Recursive() : Reference(depth),
        };
    }

    private JsonObject String()
    {
        var schema = new JsonObject { ["type"] = "string", ["maxLength"] = _random.Next(0, 7) };
        if (_random.Next(3) == 0)
        {
            schema["minLength"] = _random.Next(0, 3);
            schema["maxLength"] = Math.Max(schema["maxLength"]!.GetValue<int>(), schema["minLength"]!.GetValue<int>());
        }

        return schema;
    }

    private JsonObject Integer()
    {
        var schema = new JsonObject { ["type"] = "integer" };
        switch (_random.Next(5))
        {
            case 0:
                int low = _random.Next(-1500, 1500);
                schema["minimum"] = low;
                schema["maximum"] = low + _random.Next(0, 3000);
                break;
            case 1:
                schema["minimum"] = _random.Next(-50, 50);
                break;
            case 2:
                schema["maximum"] = _random.Next(-50, 50);
                break;
            case 3:
                schema["exclusiveMinimum"] = _random.Next(-20, 20);
                schema["exclusiveMaximum"] = schema["exclusiveMinimum"]!.GetValue<int>() + 2 + _random.Next(0, 100);
                break;
        }

        return schema;
    }

    private JsonObject Enum()
    {
        var values = EnumValues.OrderBy(_ => _random.Next()).Take(1 + _random.Next(4)).Select(v => v?.DeepClone());
        return new JsonObject { ["enum"] = new JsonArray([.. values]) };
    }

    private JsonObject Nullable() => _random.Next(3) switch
    {
        0 => new JsonObject { ["type"] = new JsonArray("string", "null"), ["maxLength"] = 4 },
        1 => new JsonObject { ["type"] = new JsonArray("integer", "null"), ["minimum"] = 0, ["maximum"] = 99 },
        _ => new JsonObject { ["type"] = new JsonArray("boolean", "string", "null"), ["maxLength"] = 3 },
    };

    private JsonObject Object(int depth)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var name in PropertyNames.OrderBy(_ => _random.Next()).Take(_random.Next(0, 4)))
        {
            properties[name] = depth >= MaxDepth ? String() : Any(depth + 1);
            if (_random.Next(2) == 0)
            {
                required.Add(name);
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
        if (_random.Next(2) == 0)
        {
            schema["additionalProperties"] = false;
        }

        return schema;
    }

    private JsonObject Array(int depth)
    {
        int max = 1 + _random.Next(3);
        return new JsonObject { ["type"] = "array", ["items"] = Any(depth + 1), ["minItems"] = _random.Next(0, max + 1), ["maxItems"] = max };
    }

    private JsonObject Tuple(int depth) => new()
    {
        ["type"] = "array",
        ["prefixItems"] = new JsonArray([.. Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => (JsonNode)Any(depth + 1))]),
        ["items"] = false,
    };

    /// <summary>oneOf over alternatives of different types, so exactly one can match.</summary>
    private JsonObject OneOf(int depth)
    {
        var makers = new List<Func<JsonObject>>
        {
            String,
            Integer,
            () => new JsonObject { ["type"] = "boolean" },
            () => new JsonObject { ["type"] = "null" },
            () => Object(depth + 1),
            () => Array(depth + 1),
        };
        var chosen = makers.OrderBy(_ => _random.Next()).Take(2 + _random.Next(2)).Select(make => (JsonNode)make());
        return new JsonObject { ["oneOf"] = new JsonArray([.. chosen]) };
    }

    /// <summary>allOf of objects with different properties (they merge).</summary>
    private JsonObject AllOf(int depth)
    {
        var names = PropertyNames.OrderBy(_ => _random.Next()).Take(4).ToArray();
        JsonObject Part(string first, string second) => new()
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { [first] = String(), [second] = depth + 1 >= MaxDepth ? Integer() : Any(depth + 1) },
            ["required"] = new JsonArray(first),
        };
        return new JsonObject { ["allOf"] = new JsonArray(Part(names[0], names[1]), Part(names[2], names[3])) };
    }

    private JsonObject Reference(int depth)
    {
        var name = $"def{_definitions.Count}";
        _definitions[name] = null; // claims the name before nested references pick theirs
        _definitions[name] = Any(depth + 1);
        return new JsonObject { ["$ref"] = $"#/$defs/{name}", ["description"] = "a reference" };
    }

    /// <summary>A linked list through a recursive reference; the null branch ends it.</summary>
    private JsonObject Recursive()
    {
        _definitions["node"] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["v"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 9 },
                ["next"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, new JsonObject { ["$ref"] = "#/$defs/node" }) },
            },
            ["required"] = new JsonArray("v", "next"),
            ["additionalProperties"] = false,
        };
        return new JsonObject { ["$ref"] = "#/$defs/node" };
    }

    private string Pick(params string[] options) => options[_random.Next(options.Length)];
}
