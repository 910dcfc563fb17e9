using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// The key property of the converter: whatever schema of the supported subset, a model forced by its grammar
/// produces JSON that parses and validates. The model is the tiny random-weight one, sampled at temperature 0.8,
/// so it tries everything the grammar leaves open.
/// </summary>
/// <remarks>
/// llama.cpp's grammar works on code points and does not reject every invalid UTF-8 byte sequence: a random model
/// that emits byte-fallback tokens can write an overlong sequence (E0 9F xx) that the grammar counts as one character.
/// Such outputs are counted apart and must stay rare; real models do not produce them.
/// </remarks>
[Collection(GrammarModelCollection.Name)]
public sealed class JsonSchemaGrammarPropertyTests(GrammarModelFixture fixture, ITestOutputHelper output)
{
    private const int Cases = 300;
    private const int TokenLimit = 512;

    [Fact]
    public void A_random_model_forced_by_the_grammar_of_a_random_schema_writes_JSON_that_validates()
    {
        var generator = new RandomSchemaGenerator(seed: int.TryParse(Environment.GetEnvironmentVariable("LK_SCHEMA_SEED"), out var s) ? s : 20240611);
        var failures = new List<string>();
        int limitHits = 0, tokens = 0, longest = 0, invalidUtf8 = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Cases; i++)
        {
            var schema = generator.Next();
            var schemaText = schema.ToJsonString();
            string grammar;
            try
            {
                grammar = JsonSchemaGrammar.FromSchema(schemaText);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                failures.Add($"case {i}: the converter refused a supported schema: {e.Message}\nschema: {schemaText}");
                continue;
            }

            var result = fixture.Generate(grammar, seed: (uint)i, TokenLimit);
            tokens += result.Tokens.Count;
            longest = Math.Max(longest, result.Tokens.Count);
            if (result.ReachedTokenLimit)
            {
                limitHits++;
                failures.Add($"case {i}: reached the limit of {TokenLimit} tokens\nschema: {schemaText}\noutput: {result.Text}");
                continue;
            }

            if (!IsValidUtf8(result.Tokens))
            {
                invalidUtf8++;
                output.WriteLine($"case {i}: invalid UTF-8 from byte tokens, not validated: {result.Text}");
                continue;
            }

            JsonNode? value;
            try
            {
                value = JsonNode.Parse(result.Text);
            }
            catch (JsonException e)
            {
                failures.Add($"case {i}: not JSON ({e.Message})\nschema: {schemaText}\noutput: {result.Text}\ngrammar:\n{grammar}");
                continue;
            }

            var errors = JsonSchemaValidator.Validate(value, schema);
            if (errors.Count > 0)
            {
                failures.Add($"case {i}: {string.Join("; ", errors)}\nschema: {schemaText}\noutput: {result.Text}\ngrammar:\n{grammar}");
            }
        }

        output.WriteLine($"{Cases} schemas, {tokens} tokens generated (longest {longest}), {limitHits} reached the limit, " +
            $"{invalidUtf8} invalid UTF-8, {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"{failures.Count} of {Cases} cases failed:\n\n{string.Join("\n\n", failures.Take(4))}");
        Assert.True(invalidUtf8 <= Cases / 100, $"{invalidUtf8} of {Cases} outputs were invalid UTF-8");
    }

    private bool IsValidUtf8(IReadOnlyList<int> generated)
    {
        var bytes = generated.SelectMany(t => fixture.Model.TokenToBytes(t)).ToArray();
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
