using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>JSON schema → GBNF: llama.cpp's own parser accepts the grammars, generation follows them, and what the
/// grammar cannot enforce is refused by name.</summary>
[Collection(GrammarModelCollection.Name)]
public sealed class JsonSchemaGrammarTests(GrammarModelFixture fixture)
{
    public static TheoryData<string> Schemas =>
    [
        "{}",
        "true",
        """{"type":"object"}""",
        """{"type":"array"}""",
        """{"type":"string","maxLength":2000}""",
        """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["b"]}""",
        """{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":true}""",
        """{"type":"object","properties":{"a":{"type":"string"},"ab":{"type":"string"}},"additionalProperties":{"type":"integer"}}""",
        """{"type":"object","additionalProperties":{"type":"boolean"}}""",
        """{"type":"object","properties":{"with space":{},"quote\"d":{},"back\\slash":{},"ünï":{},"a]b-c^":{}},"additionalProperties":true}""",
        """{"type":["string","null"],"minLength":1,"maxLength":3}""",
        """{"type":"array","items":{"type":"number"},"minItems":1,"maxItems":5}""",
        """{"type":"array","prefixItems":[{"type":"string","format":"date"},{"type":"integer"}],"items":{"type":"boolean"},"maxItems":4}""",
        """{"enum":["a",1,null,true,{"x":[1,2]},"日本"]}""",
        """{"const":{"nested":["é","\n"]}}""",
        """{"type":"integer","minimum":-1234,"maximum":98765}""",
        """{"type":"integer","exclusiveMinimum":0}""",
        """{"type":"integer","maximum":-5}""",
        """{"type":"string","format":"date-time"}""",
        """{"type":"string","format":"uuid"}""",
        """{"type":"string","format":"email"}""",
        """{"anyOf":[{"type":"string","maxLength":3},{"type":"object","properties":{"k":{"type":"boolean"}}}]}""",
        """{"oneOf":[{"type":"integer"},{"type":"null"}]}""",
        """{"allOf":[{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"b":{"type":"string"}}}]}""",
        """{"$ref":"#/$defs/tree","$defs":{"tree":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/tree"}}}}}}""",
        """{"definitions":{"name":{"type":"string","maxLength":5}},"type":"object","properties":{"first":{"$ref":"#/definitions/name"},"last":{"$ref":"#/definitions/name","description":"why"}}}""",
        """{"type":"object","properties":{"self":{"$ref":"#"}}}""",
        """{"type":"object","properties":{"n":{"type":"integer"}},"anyOf":[{"required":["n"]},{"properties":{"m":{"type":"string"}}}]}""",
    ];

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Llama_cpp_parses_the_grammar_of_each_supported_schema(string schema)
    {
        var grammar = JsonSchemaGrammar.FromSchema(schema);
        Assert.True(fixture.Parses(grammar), $"llama.cpp refused the grammar of {schema}:\n{grammar}");
    }

    [Fact]
    public void The_any_JSON_grammars_parse_and_the_object_one_starts_with_a_brace()
    {
        Assert.True(fixture.Parses(JsonSchemaGrammar.AnyJsonValue));
        Assert.True(fixture.Parses(JsonSchemaGrammar.AnyJsonObject));
        var text = fixture.Generate(JsonSchemaGrammar.AnyJsonObject, seed: 3, maxTokens: 64).Text;
        Assert.StartsWith("{", text);
    }

    [Fact]
    public void Required_properties_come_first_in_declared_order_then_optional_ones()
    {
        const string schema = """
            {"type":"object","properties":{"b":{"type":"boolean"},"a":{"type":"boolean"},"d":{"type":"null"},"c":{"type":"boolean"}},
             "required":["c","a"]}
            """;
        var grammar = JsonSchemaGrammar.FromSchema(schema);
        var orders = new HashSet<string>();
        for (uint seed = 0; seed < 20; seed++)
        {
            var keys = ((JsonObject)JsonNode.Parse(fixture.Generate(grammar, seed).Text)!).Select(p => p.Key).ToList();
            Assert.Equal(["a", "c"], keys.Take(2));
            Assert.Equal(keys.Skip(2).OrderBy(k => k == "b" ? 0 : 1), keys.Skip(2));
            orders.Add(string.Join(",", keys));
        }

        Assert.True(orders.Count > 1, "the optional properties should sometimes appear");
    }

    [Fact]
    public void Enum_values_of_another_type_than_the_declared_one_are_left_out()
    {
        var grammar = JsonSchemaGrammar.FromSchema("""{"type":"string","enum":["a",1,null,"b"]}""");
        Assert.Contains("root ::= \"\\\"a\\\"\" | \"\\\"b\\\"\"", grammar);
        Assert.Contains("root ::= \"1\" | \"null\"", JsonSchemaGrammar.FromSchema("""{"type":["integer","null"],"enum":["a",1,null]}"""));
    }

    [Fact]
    public void Additional_properties_never_reuse_a_declared_name()
    {
        const string schema = """{"type":"object","properties":{"a":{"type":"null"}},"additionalProperties":{"type":"null"},"required":["a"]}""";
        var grammar = JsonSchemaGrammar.FromSchema(schema);
        Assert.Contains("additional-key", grammar);
        for (uint seed = 0; seed < 10; seed++)
        {
            var result = fixture.Generate(grammar, seed, maxTokens: 96);
            if (!result.ReachedTokenLimit)
            {
                var keys = ((JsonObject)JsonNode.Parse(result.Text)!).Select(p => p.Key).ToList();
                Assert.Single(keys, k => k == "a");
            }
        }
    }

    public static TheoryData<string, string> Unsupported => new()
    {
        { """{"type":"string","pattern":"^a+$"}""", "pattern" },
        { """{"type":"array","uniqueItems":true}""", "uniqueItems" },
        { """{"type":"integer","multipleOf":3}""", "multipleOf" },
        { """{"not":{"type":"string"}}""", "not" },
        { """{"if":{"type":"string"},"then":{"maxLength":3}}""", "if" },
        { """{"type":"object","minProperties":1}""", "minProperties" },
        { """{"type":"object","patternProperties":{"^x":{}}}""", "patternProperties" },
        { """{"type":"number","minimum":0.5}""", "minimum" },
        { """{"type":"number","exclusiveMaximum":10}""", "exclusiveMaximum" },
        { """{"$ref":"https://example.com/schema.json"}""", "$ref" },
        { """{"type":"string","maxLength":5000}""", "maxLength" },
        { """{"type":"object","properties":{"deep":{"type":"array","items":{"contains":{"type":"null"}}}}}""", "contains" },
        { """{"allOf":[{"type":"string","format":"date"},{"format":"time"}]}""", "format" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void A_keyword_the_grammar_cannot_enforce_is_refused_by_name(string schema, string keyword)
    {
        var error = Assert.Throws<JsonSchemaNotSupportedException>(() => JsonSchemaGrammar.FromSchema(schema));
        Assert.Equal(keyword, error.Keyword);
        Assert.Contains($"'{keyword}'", error.Message);
    }

    [Fact]
    public void The_path_of_an_unsupported_keyword_is_reported()
    {
        var error = Assert.Throws<JsonSchemaNotSupportedException>(() =>
            JsonSchemaGrammar.FromSchema("""{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string","pattern":"x"}}}}"""));
        Assert.Equal("#/properties/tags/items", error.SchemaPath);
    }

    [Theory]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "does not resolve")]
    [InlineData("""{"type":5}""", "'type'")]
    [InlineData("false", "accepts no value")]
    [InlineData("""{"enum":[]}""", "'enum'")]
    [InlineData("""{"type":"integer","minimum":10,"maximum":2}""", "empty")]
    [InlineData("""{"type":"spaceship"}""", "spaceship")]
    [InlineData("""{"type":"object","properties":{},"required":["x"],"additionalProperties":false}""", "'x'")]
    [InlineData("""{"allOf":[{"type":"string"},{"type":"integer"}]}""", "nothing in common")]
    [InlineData("""{"type":"string","const":5}""", "'const'")]
    public void A_malformed_schema_is_an_argument_error_that_says_what_is_wrong(string schema, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => JsonSchemaGrammar.FromSchema(schema));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Integer_ranges_accept_exactly_the_integers_inside()
    {
        var random = new Random(7);
        var ranges = new List<(long? Min, long? Max)> { (0, 0), (0, 9), (1, 10), (-10, -1), (-5, 5), (7, 7), (99, 101), (0, null), (null, 0), (12, null), (null, -12), (-3, null), (null, 250) };
        for (int i = 0; i < 40; i++)
        {
            long low = random.Next(-3000, 3000);
            ranges.Add((low, low + random.Next(0, 5000)));
        }

        foreach (var (min, max) in ranges)
        {
            // The expression only uses literals, digit classes, groups, alternation and counted repetition:
            // without its quotes and spaces it is a .NET regular expression.
            var expression = IntegerRangeGrammar.Build(min, max);
            var regex = new Regex("^(" + expression.Replace("\"", "").Replace(" ", "") + ")$");
            long from = (min ?? max!.Value - 3000) - 120, to = (max ?? min!.Value + 3000) + 120;
            for (long n = from; n <= to; n++)
            {
                bool inside = (min is null || n >= min) && (max is null || n <= max);
                Assert.True(inside == regex.IsMatch(n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    $"{n} in [{min}, {max}] should be {(inside ? "accepted" : "refused")} by {expression}");
            }

            Assert.False(regex.IsMatch("007"), $"leading zeros accepted by {expression}");
        }
    }
}
