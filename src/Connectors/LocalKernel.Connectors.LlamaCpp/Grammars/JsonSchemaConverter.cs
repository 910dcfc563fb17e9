using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Turns JSON schemas into GBNF rules of a <see cref="GbnfRuleSet"/>. Every schema node becomes a rule; local
/// <c>$ref</c>s become rules that may refer to themselves (recursive schemas). Keywords the grammar cannot enforce
/// throw <see cref="JsonSchemaNotSupportedException"/>; keywords that only annotate are ignored.
/// </summary>
/// <remarks>
/// Deliberate choices, following llama.cpp's converter where it has one: object properties come out in a fixed
/// order (required ones in declared order, then optional ones); an object with declared <c>properties</c> and no
/// <c>additionalProperties</c> gets no extra properties (a model should not invent arguments); <c>oneOf</c> is
/// generated like <c>anyOf</c>; <c>format</c> values other than date, time, date-time and uuid are annotations.
/// Each choice produces a subset of what the schema accepts, never more.
/// </remarks>
internal sealed partial class JsonSchemaConverter
{
    private const int MaxDepth = 64;

    private static readonly HashSet<string> UnsupportedKeywords = new(StringComparer.Ordinal)
    {
        "pattern", "patternProperties", "propertyNames", "minProperties", "maxProperties", "uniqueItems", "contains",
        "minContains", "maxContains", "multipleOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas",
        "dependencies", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef", "additionalItems",
    };

    // Keywords that neither constrain a value nor need a rule of their own.
    private static readonly HashSet<string> PassiveKeywords = new(StringComparer.Ordinal)
    {
        "title", "description", "default", "examples", "$schema", "$id", "$comment", "readOnly", "writeOnly",
        "deprecated", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary", "contentMediaType",
        "contentEncoding", "contentSchema", "$defs", "definitions", "nullable", "discriminator", "x-order",
    };

    private static readonly JsonSerializerOptions LiteralJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly GbnfRuleSet _rules;
    private readonly JsonNode? _document;
    private readonly Dictionary<string, string> _refRules = new(StringComparer.Ordinal);
    private readonly int? _defaultMaxStringLength;
    private readonly int? _defaultMaxIntegerDigits;
    private int _depth;

    /// <param name="rules">The grammar the rules are added to.</param>
    /// <param name="document">The schema document local <c>$ref</c>s point into (its root is <c>#</c>).</param>
    /// <param name="defaultMaxStringLength">The most characters of a string whose schema sets no <c>maxLength</c>
    /// (null: unbounded).</param>
    /// <param name="defaultMaxIntegerDigits">The most digits of an integer whose schema leaves that side unbounded
    /// (null: the plain integer rule's 16).</param>
    public JsonSchemaConverter(GbnfRuleSet rules, JsonNode? document, int? defaultMaxStringLength = null, int? defaultMaxIntegerDigits = null)
    {
        _rules = rules;
        _document = document;
        _defaultMaxStringLength = defaultMaxStringLength;
        _defaultMaxIntegerDigits = defaultMaxIntegerDigits;
    }

    /// <summary>Adds the rules for <paramref name="schema"/> and returns the name of its rule.</summary>
    /// <exception cref="JsonSchemaNotSupportedException">A keyword the grammar cannot enforce.</exception>
    /// <exception cref="ArgumentException">The schema is malformed (wrong keyword types, unresolved <c>$ref</c>, empty range).</exception>
    public string Rule(JsonNode? schema, string name, string path)
    {
        if (schema is JsonObject { Count: 1 } only && only["$ref"] is JsonValue reference)
        {
            // A bare reference needs no rule of its own.
            return ResolveRef(AsString(reference, "$ref", path), path);
        }

        return _rules.Add(name, Body(schema, name, path));
    }

    /// <summary>The body (right-hand side) of the rule for <paramref name="schema"/>.</summary>
    private string Body(JsonNode? schema, string name, string path, string? typeOverride = null)
    {
        if (++_depth > MaxDepth)
        {
            throw new ArgumentException($"The JSON schema nests deeper than {MaxDepth} levels at '{path}' (or its references loop without progress).");
        }

        try
        {
            return schema switch
            {
                JsonValue v when v.TryGetValue<bool>(out var b) => b ? JsonPrimitiveRules.Value(_rules)
                    : throw new ArgumentException($"The schema 'false' at '{path}' accepts no value; there is nothing to generate."),
                JsonObject obj => ObjectSchemaBody(obj, name, path, typeOverride),
                _ => throw new ArgumentException($"A JSON schema must be an object or a boolean; '{path}' is {schema?.GetValueKind().ToString() ?? "null"}."),
            };
        }
        finally
        {
            _depth--;
        }
    }

    private string ObjectSchemaBody(JsonObject schema, string name, string path, string? typeOverride)
    {
        foreach (var (keyword, _) in schema)
        {
            if (UnsupportedKeywords.Contains(keyword))
            {
                throw new JsonSchemaNotSupportedException(keyword, path);
            }
        }

        if (schema["$ref"] is { } reference)
        {
            var target = ResolveRef(AsString(reference, "$ref", path), path);
            if (!HasConstraints(schema, "$ref"))
            {
                return target;
            }

            // Keywords beside $ref apply too (2019-09 and later): the same as allOf of the reference and the rest.
            var rest = Without(schema, "$ref");
            rest["allOf"] = new JsonArray(new JsonObject { ["$ref"] = reference.DeepClone() });
            return Body(MergeAllOf(rest, path), name, path, typeOverride);
        }

        if (schema.ContainsKey("allOf"))
        {
            return Body(MergeAllOf(schema, path), name, path, typeOverride);
        }

        if (schema.ContainsKey("anyOf") || schema.ContainsKey("oneOf"))
        {
            return AlternativesBody(schema, name, path, typeOverride);
        }

        if (schema.TryGetPropertyValue("const", out var constant) || schema.ContainsKey("enum"))
        {
            // The listed values, those of them that also have the declared type.
            List<string> declared = typeOverride is not null ? [typeOverride] : schema.ContainsKey("type") ? Types(schema, path) : ["any"];
            JsonArray values = schema.ContainsKey("const") ? [constant?.DeepClone()]
                : schema["enum"] as JsonArray is { Count: > 0 } list ? list
                : throw new ArgumentException($"'enum' at '{path}' must be a non-empty array.");
            var allowed = values.Where(v => declared.Any(t => MatchesType(v, t))).Select(v => Gbnf.Literal(LiteralText(v))).Distinct().ToList();
            return allowed.Count > 0 ? string.Join(" | ", allowed)
                : throw new ArgumentException($"No value of 'enum' or 'const' at '{path}' has the type {string.Join(" or ", declared)}.");
        }

        var types = typeOverride is not null ? [typeOverride] : Types(schema, path);
        if (types.Count == 1)
        {
            return TypeBody(schema, types[0], name, path);
        }

        return string.Join(" | ", types.Select(t => _rules.Add($"{name}-{t}", TypeBody(schema, t, $"{name}-{t}", path))));
    }

    private string AlternativesBody(JsonObject schema, string name, string path, string? typeOverride)
    {
        if (schema.ContainsKey("anyOf") && schema.ContainsKey("oneOf"))
        {
            throw new JsonSchemaNotSupportedException("oneOf", path, "anyOf and oneOf in the same schema");
        }

        var keyword = schema.ContainsKey("anyOf") ? "anyOf" : "oneOf";
        if (schema[keyword] is not JsonArray { Count: > 0 } alternatives)
        {
            throw new ArgumentException($"'{keyword}' at '{path}' must be a non-empty array.");
        }

        var siblings = Without(schema, keyword);
        bool merge = HasConstraints(siblings);
        var rules = new List<string>();
        for (int i = 0; i < alternatives.Count; i++)
        {
            var alternative = alternatives[i];
            var altPath = $"{path}/{keyword}/{i}";
            if (merge)
            {
                // Keywords beside anyOf constrain every alternative: each becomes allOf(siblings, alternative).
                var combined = (JsonObject)siblings.DeepClone();
                combined["allOf"] = new JsonArray(alternative?.DeepClone());
                alternative = MergeAllOf(combined, altPath);
            }

            rules.Add(_rules.Add($"{name}-{i}", Body(alternative, $"{name}-{i}", altPath, typeOverride)));
        }

        return string.Join(" | ", rules.Distinct());
    }

    private string TypeBody(JsonObject schema, string type, string name, string path) => type switch
    {
        "object" => ObjectBody(schema, name, path),
        "array" => ArrayBody(schema, name, path),
        "string" => StringBody(schema, name, path),
        "integer" => IntegerBody(schema, path),
        "number" => NumberBody(schema, path),
        "boolean" => JsonPrimitiveRules.Boolean(_rules),
        "null" => JsonPrimitiveRules.Null(_rules),
        "any" => JsonPrimitiveRules.Value(_rules),
        _ => throw new ArgumentException($"Unknown JSON schema type '{type}' at '{path}'."),
    };

    /// <summary>The types a schema allows: its <c>type</c>, or what its keywords imply, or any value.</summary>
    private static List<string> Types(JsonObject schema, string path)
    {
        switch (schema["type"])
        {
            case null:
                break;
            case JsonValue single:
                return [AsString(single, "type", path)];
            case JsonArray many when many.Count > 0:
                return many.Select(t => AsString(t, "type", path)).Distinct().ToList();
            default:
                throw new ArgumentException($"'type' at '{path}' must be a string or a non-empty array of strings.");
        }

        if (schema.ContainsKey("properties") || schema.ContainsKey("additionalProperties") || schema.ContainsKey("required"))
        {
            return ["object"];
        }

        if (schema.ContainsKey("items") || schema.ContainsKey("prefixItems") || schema.ContainsKey("minItems") || schema.ContainsKey("maxItems"))
        {
            return ["array"];
        }

        if (schema.ContainsKey("minLength") || schema.ContainsKey("maxLength") || schema.ContainsKey("format"))
        {
            return ["string"];
        }

        if (schema.ContainsKey("minimum") || schema.ContainsKey("maximum") || schema.ContainsKey("exclusiveMinimum") || schema.ContainsKey("exclusiveMaximum"))
        {
            return ["number"];
        }

        return ["any"];
    }

    private string ResolveRef(string reference, string path)
    {
        if (_refRules.TryGetValue(reference, out var existing))
        {
            return existing;
        }

        if (!reference.StartsWith('#') || (reference.Length > 1 && reference[1] != '/'))
        {
            throw new JsonSchemaNotSupportedException("$ref", path, $"'{reference}' is not a local reference (only '#' and '#/...' pointers are)");
        }

        var target = ResolvePointer(reference, path);
        var name = _rules.Reserve("ref" + (reference.Length > 1 ? "-" + reference[2..] : "-root"));
        _refRules[reference] = name;
        _rules.Set(name, Body(target, name, reference));
        return name;
    }

    private JsonNode? ResolvePointer(string reference, string path)
    {
        JsonNode? node = _document;
        if (reference.Length <= 1)
        {
            return node ?? throw new ArgumentException($"'$ref' '{reference}' at '{path}' has no document to point into.");
        }

        foreach (var raw in reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray arr when int.TryParse(token, out var index) && index >= 0 && index < arr.Count => arr[index],
                _ => throw new ArgumentException($"'$ref' '{reference}' at '{path}' does not resolve (no '{token}')."),
            };
        }

        return node;
    }

    /// <summary>True when the schema has a keyword other than annotations and <paramref name="ignored"/>.</summary>
    private static bool HasConstraints(JsonObject schema, params string[] ignored) =>
        schema.Any(p => !PassiveKeywords.Contains(p.Key) && !ignored.Contains(p.Key));

    private static JsonObject Without(JsonObject schema, string keyword)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in schema)
        {
            if (key != keyword)
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }

    private static string LiteralText(JsonNode? value) => value is null ? "null" : value.ToJsonString(LiteralJson);

    private static bool MatchesType(JsonNode? value, string type) => (value?.GetValueKind(), type) switch
    {
        (null or JsonValueKind.Null, "null") => true,
        (JsonValueKind.String, "string") => true,
        (JsonValueKind.True or JsonValueKind.False, "boolean") => true,
        (JsonValueKind.Number, "number") => true,
        (JsonValueKind.Number, "integer") => Number(value, "enum", "") is var d && decimal.Truncate(d) == d,
        (JsonValueKind.Object, "object") => true,
        (JsonValueKind.Array, "array") => true,
        (_, "any") => true,
        _ => false,
    };

    private static decimal Number(JsonNode? node, string keyword, string path) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d
            : throw new ArgumentException($"'{keyword}' at '{path}' must be a number (within ±7.9e28).");

    private static string AsString(JsonNode? node, string keyword, string path) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : throw new ArgumentException($"'{keyword}' at '{path}' must be a string.");
}
