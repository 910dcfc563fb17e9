using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Converts JSON schemas to GBNF grammars for llama.cpp's grammar sampler, so a model can only produce JSON that
/// the schema accepts. Supported: <c>type</c> (also arrays of types), <c>properties</c>, <c>required</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>prefixItems</c>, <c>minItems</c>/<c>maxItems</c>, <c>enum</c>,
/// <c>const</c>, <c>minLength</c>/<c>maxLength</c>, <c>format</c> date/time/date-time/uuid, integer
/// <c>minimum</c>/<c>maximum</c> (also exclusive), local <c>$ref</c> into <c>$defs</c>/<c>definitions</c> (recursion
/// allowed), <c>anyOf</c>, <c>oneOf</c> and <c>allOf</c>. An empty schema accepts any JSON value.
/// Thread-safe (stateless).
/// </summary>
/// <remarks>
/// Properties are generated in a fixed order: required ones in declared order, then optional ones. With declared
/// <c>properties</c> and no <c>additionalProperties</c>, no extra properties are generated (as llama.cpp does).
/// <c>oneOf</c> is generated like <c>anyOf</c>: give it alternatives that do not overlap.
/// </remarks>
public static class JsonSchemaGrammar
{
    /// <summary>A grammar for any JSON object, for <c>ChatResponseFormat.Json</c> (JSON mode answers with an object).</summary>
    public static string AnyJsonObject { get; } = Build(rules => rules.Add("root", JsonPrimitiveRules.Object(rules)));

    /// <summary>A grammar for any JSON value (what an empty schema accepts).</summary>
    public static string AnyJsonValue { get; } = Build(rules => rules.Add("root", JsonPrimitiveRules.Value(rules)));

    /// <summary>The GBNF grammar (start rule <c>root</c>) of the JSON values <paramref name="schema"/> accepts.</summary>
    /// <param name="schema">A JSON schema: an object or a boolean.</param>
    /// <exception cref="JsonSchemaNotSupportedException">The schema uses a keyword a grammar cannot enforce
    /// (e.g. <c>pattern</c>, <c>uniqueItems</c>, bounds of non-integer numbers, a non-local <c>$ref</c>).</exception>
    /// <exception cref="ArgumentException">The schema is malformed: a keyword of the wrong type, a <c>$ref</c> that does
    /// not resolve, an empty range, the schema <c>false</c>.</exception>
    public static string FromSchema(JsonElement schema)
    {
        var document = JsonNode.Parse(schema.GetRawText());
        return Build(rules =>
        {
            var root = new JsonSchemaConverter(rules, document).Rule(document, "root", "#");
            if (root != "root")
            {
                rules.Add("root", root);
            }
        });
    }

    /// <summary>Parses <paramref name="schemaJson"/> and converts it (see <see cref="FromSchema(JsonElement)"/>).</summary>
    /// <exception cref="JsonException"><paramref name="schemaJson"/> is not JSON.</exception>
    /// <exception cref="JsonSchemaNotSupportedException">See <see cref="FromSchema(JsonElement)"/>.</exception>
    /// <exception cref="ArgumentException">See <see cref="FromSchema(JsonElement)"/>.</exception>
    public static string FromSchema(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        using var document = JsonDocument.Parse(schemaJson);
        return FromSchema(document.RootElement);
    }

    private static string Build(Action<GbnfRuleSet> addRules)
    {
        var rules = new GbnfRuleSet();
        addRules(rules);
        return rules.Format();
    }
}
