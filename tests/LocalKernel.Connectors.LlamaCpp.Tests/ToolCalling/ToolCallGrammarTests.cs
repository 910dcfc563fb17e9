using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Tool-call grammars: llama.cpp parses them (forced and lazy), and what a random model writes under them is read back
/// by the same family's parser as calls to the given tools with arguments that fit their schemas.
/// </summary>
[Collection(GrammarModelCollection.Name)]
public sealed class ToolCallGrammarTests(GrammarModelFixture fixture, ITestOutputHelper output)
{
    private const string WeatherSchema = """
        {"type":"object","properties":{"city":{"type":"string","maxLength":6},"days":{"type":"integer","minimum":1,"maximum":7},
         "unit":{"enum":["c","f"]}},"required":["city","days"],"additionalProperties":false}
        """;

    private const string SearchSchema = """
        {"type":"object","properties":{"query":{"type":"string","maxLength":5},"tags":{"type":"array","items":{"type":"string","maxLength":3},"maxItems":2}},
         "required":["query"]}
        """;

    public static TheoryData<ToolCallFormat> Formats => [.. Enum.GetValues<ToolCallFormat>()];

    private static AIFunctionDeclaration[] Tools =>
    [
        AIFunctionFactory.CreateDeclaration("get_weather", "Weather for a city", JsonDocument.Parse(WeatherSchema).RootElement),
        AIFunctionFactory.CreateDeclaration("search.docs", "Search", JsonDocument.Parse(SearchSchema).RootElement),
        AIFunctionFactory.CreateDeclaration("ping", "No arguments", JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement),
    ];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Llama_cpp_parses_the_grammar_of_every_family_forced_and_lazy(ToolCallFormat format)
    {
        foreach (var parallel in new[] { true, false })
        {
            var grammar = ToolCallGrammar.ForTools(Tools, format, parallel);
            Assert.True(fixture.Parses(grammar), $"llama.cpp refused the {format} grammar:\n{grammar}");

            var triggers = ToolCallTrigger.For(format);
            Assert.NotEmpty(triggers);
            var lazy = NativeMethods.InitLazyGrammar(fixture.Model.Vocab, grammar, [.. triggers.Select(t => t.Pattern)], []);
            Assert.True(lazy != IntPtr.Zero, $"llama.cpp refused the lazy {format} grammar or its trigger patterns");
            NativeMethods.llama_sampler_free(lazy);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void What_a_random_model_writes_under_the_grammar_parses_back_into_valid_calls(ToolCallFormat format)
    {
        var schemas = Tools.ToDictionary(t => t.Name, t => JsonNode.Parse(t.JsonSchema.GetRawText())!);
        int calls = 0, truncated = 0;
        for (uint seed = 0; seed < 12; seed++)
        {
            // A random model never decides to stop calling: with several calls allowed it may run out of tokens.
            bool parallel = seed % 2 == 0;
            var generated = fixture.Generate(ToolCallGrammar.ForTools(Tools, format, parallel), seed);
            Assert.False(generated.ReachedTokenLimit && !parallel, $"{format} seed {seed}: no end after 512 tokens: {generated.Text}");

            // A lazy grammar would have started here: some trigger pattern recognises what the grammar wrote.
            Assert.Contains(ToolCallTrigger.For(format), t => Regex.IsMatch(generated.Text, t.Pattern));
            var result = ToolCallParser.Parse(generated.Text, format);
            if (generated.ReachedTokenLimit)
            {
                truncated++;
                Assert.True(result.Calls.Count() >= 2, $"{format} seed {seed}: cut off before two calls: {generated.Text}");
                Assert.All(result.Warnings, w => Assert.Contains("truncated", w.Message));
            }
            else
            {
                Assert.False(result.HasWarnings, $"{format} seed {seed}: {string.Join("; ", result.Warnings.Select(w => w.Message))}\n{generated.Text}");
                Assert.True(string.IsNullOrWhiteSpace(result.Text), $"{format} seed {seed}: text besides the calls: '{result.Text}'\n{generated.Text}");
                Assert.NotEmpty(result.Calls);
            }

            foreach (var call in result.Calls)
            {
                Assert.True(schemas.TryGetValue(call.Name, out var schema), $"{format}: unknown tool '{call.Name}'");
                var arguments = JsonSerializer.SerializeToNode(call.Arguments);
                var errors = JsonSchemaValidator.Validate(arguments, schema);
                Assert.True(errors.Count == 0, $"{format} seed {seed}: {string.Join("; ", errors)}\n{generated.Text}");
                calls++;
            }
        }

        output.WriteLine($"{format}: {calls} valid calls in 12 generations ({truncated} cut off at 512 tokens while still calling)");
    }

    [Theory]
    [InlineData(ToolCallFormat.Hermes, "Let me look that up. <tool_call>")]
    [InlineData(ToolCallFormat.Llama3, " {")]
    [InlineData(ToolCallFormat.MistralV11, "Sure.[TOOL_CALLS]")]
    [InlineData(ToolCallFormat.FunctionaryV32, "get_weather\n")]
    public void A_lazy_grammar_leaves_text_free_and_constrains_what_follows_its_trigger(ToolCallFormat format, string written)
    {
        // The text is tokenized by the test model's SentencePiece vocabulary, which adds a leading space and reads
        // "▁" as a space: DeepSeek's markers (which contain "▁") are triggered by their special tokens in real models.
        var grammar = ToolCallGrammar.ForTools(Tools, format);
        var patterns = ToolCallTrigger.For(format).Select(t => t.Pattern).ToList();
        var prefix = fixture.Model.Tokenize(written, addSpecial: false);
        for (uint seed = 0; seed < 4; seed++)
        {
            using var chain = SafeLlamaSamplerHandle.CreateChain(fixture.Model.Handle);
            chain.Add(NativeMethods.InitLazyGrammar(fixture.Model.Vocab, grammar, patterns, []), "lazy grammar");
            chain.Add(NativeMethods.llama_sampler_init_temp(0.8f), "temperature");
            chain.Add(NativeMethods.llama_sampler_init_dist(seed), "distribution");
            var generated = SampledDecoding.Generate(fixture.Context, fixture.Prompt, chain, 512, written: prefix);

            Assert.False(generated.ReachedTokenLimit, $"{format}: no end: {written}{generated.Text}");
            var result = ToolCallParser.Parse(written + generated.Text, format);
            Assert.False(result.HasWarnings, $"{format}: {string.Join("; ", result.Warnings.Select(w => w.Message))}\n{written}{generated.Text}");
            Assert.NotEmpty(result.Calls);
        }
    }

    [Fact]
    public void Unbounded_strings_and_integers_are_bounded_so_a_forced_call_always_ends()
    {
        // The schema Semantic Kernel makes for a [KernelFunction](string note, int count): no maxLength, no range.
        var tool = AIFunctionFactory.CreateDeclaration("note", null, JsonDocument.Parse(
            """{"type":"object","properties":{"note":{"type":"string"},"count":{"type":"integer"},"page":{"type":"integer","minimum":1}},"required":["note","count","page"]}""").RootElement);
        var grammar = ToolCallGrammar.ForTools([tool], ToolCallFormat.Hermes, allowMultipleCalls: false, maxStringLength: 10);
        for (uint seed = 0; seed < 8; seed++)
        {
            var generated = fixture.Generate(grammar, seed, maxTokens: 200);
            Assert.False(generated.ReachedTokenLimit, $"seed {seed}: no end: {generated.Text}");
            var call = Assert.Single(ToolCallParser.Parse(generated.Text, ToolCallFormat.Hermes).Calls);
            var arguments = JsonSerializer.SerializeToNode(call.Arguments)!;
            Assert.InRange(arguments["note"]!.GetValue<string>().Length, 0, 10);
            // Nine digits at most: every unbounded integer binds to a .NET int.
            Assert.InRange(arguments["count"]!.GetValue<long>(), -999_999_999L, 999_999_999L);
            Assert.InRange(arguments["page"]!.GetValue<long>(), 1L, 999_999_999L);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ToolCallGrammar.ForTools([tool], ToolCallFormat.Hermes, maxStringLength: 0));
    }

    [Fact]
    public void Only_one_call_is_written_when_several_are_not_allowed()
    {
        var grammar = ToolCallGrammar.ForTools(Tools, ToolCallFormat.Hermes, allowMultipleCalls: false);
        for (uint seed = 0; seed < 8; seed++)
        {
            Assert.Single(ToolCallParser.Parse(fixture.Generate(grammar, seed).Text, ToolCallFormat.Hermes).Calls);
        }
    }

    [Fact]
    public void The_schemas_AIFunctionFactory_makes_from_methods_convert()
    {
        var function = AIFunctionFactory.Create(Plan);
        var grammar = ToolCallGrammar.ForTools([function], ToolCallFormat.Hermes);
        Assert.True(fixture.Parses(grammar), grammar);
        Assert.Contains("\"\\\"trip\\\"\"", grammar, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_whose_schema_cannot_be_enforced_is_named_in_the_error()
    {
        var tool = AIFunctionFactory.CreateDeclaration("lookup", null, JsonDocument.Parse("""{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]{3}$"}}}""").RootElement);
        var error = Assert.Throws<JsonSchemaNotSupportedException>(() => ToolCallGrammar.ForTools([tool], ToolCallFormat.Hermes));
        Assert.Equal("pattern", error.Keyword);
        Assert.Contains("'lookup'", error.Message);
        Assert.Throws<ArgumentException>(() => ToolCallGrammar.ForTools([], ToolCallFormat.Hermes));
    }

    [Description("Plans a trip")]
    private static string Plan(
        [Description("Where to")] string trip,
        int days,
        double budget,
        bool flexible,
        DayOfWeek start,
        DateTime? leaving,
        string[] companions,
        int? stops = null,
        string note = "none") => $"{trip} {days} {budget} {flexible} {start} {leaving} {companions.Length} {stops} {note}";
}
