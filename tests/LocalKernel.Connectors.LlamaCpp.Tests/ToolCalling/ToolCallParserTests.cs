using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// The tool-call parsers on real-format outputs of each family: whole, split at every point, and a character at a
/// time, which must all give the same text and calls; broken calls become text and a warning.
/// </summary>
public sealed class ToolCallParserTests
{
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [MemberData(nameof(ToolCallSamples.Wellformed), MemberType = typeof(ToolCallSamples))]
    public void An_output_parses_into_its_text_and_calls(ToolCallFormat format, string output, string[] expected)
    {
        var result = ToolCallParser.Parse(output, format);
        Assert.Equal(expected.Select(Canonicalize), Describe(result.Contents));
        Assert.False(result.HasWarnings, string.Join("; ", result.Warnings.Select(w => w.Message)));
    }

    [Theory]
    [MemberData(nameof(ToolCallSamples.Wellformed), MemberType = typeof(ToolCallSamples))]
    public void Splitting_the_output_anywhere_gives_the_same_text_and_calls(ToolCallFormat format, string output, string[] expected)
    {
        var canonical = expected.Select(Canonicalize).ToList();
        for (int split = 1; split < output.Length; split++)
        {
            Assert.Equal(canonical, Describe(Stream(format, output[..split], output[split..])));
        }

        Assert.Equal(canonical, Describe(Stream(format, [.. output.Select(c => c.ToString())])));
    }

    [Theory]
    [MemberData(nameof(ToolCallSamples.Malformed), MemberType = typeof(ToolCallSamples))]
    public void A_broken_call_becomes_text_and_a_warning_never_an_exception(ToolCallFormat format, string output, string reason)
    {
        var logs = new CapturingLoggerFactory();
        var result = ToolCallParser.Parse(output, format, logs.CreateLogger("tools"));

        Assert.Empty(result.Calls);
        Assert.Equal(output, result.Text);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains(reason, warning.Message);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains(reason, StringComparison.Ordinal));
        // The model's text is private: only Trace carries it.
        Assert.DoesNotContain(logs.Lines, l => l.Level > LogLevel.Trace && l.Message.Contains(output, StringComparison.Ordinal));

        for (int split = 1; split < output.Length; split++)
        {
            var streamed = Stream(format, output[..split], output[split..]);
            Assert.Equal(output, string.Concat(streamed.OfType<TextContent>().Select(t => t.Text)));
            Assert.Empty(streamed.OfType<FunctionCallContent>());
        }
    }

    [Fact]
    public void Text_before_a_call_streams_out_at_once_and_a_possible_marker_is_held_back()
    {
        var parser = new ToolCallParser(ToolCallFormat.Hermes);
        Assert.Equal("Let me check ", parser.Push("Let me check <tool").Text);
        Assert.True(parser.IsHoldingText);
        Assert.Equal("", parser.Push("_c").Text);
        Assert.Equal("<tool_cx", parser.Push("x").Text); // not a marker after all
        Assert.Equal("", parser.Push(" <tool_call>{\"name\": \"f\", ").Text.Trim());
        Assert.Empty(parser.Push("\"arguments\": {\"a\": 1}}").Calls);
        var done = parser.Push("</tool_call>");
        var call = Assert.Single(done.Calls);
        Assert.Equal("f", call.Name);
        Assert.Equal(1, ((JsonElement)call.Arguments!["a"]!).GetInt32());
        Assert.False(parser.IsHoldingText);
        Assert.Empty(parser.Complete().Contents);
    }

    [Fact]
    public void A_truncated_last_call_keeps_the_complete_calls_before_it()
    {
        const string output = "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>f<｜tool▁sep｜>{\"a\": 1}<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>g<｜tool▁sep｜>{\"b\":";
        var result = ToolCallParser.Parse(output, ToolCallFormat.DeepSeekV31);
        Assert.Equal("f", Assert.Single(result.Calls).Name);
        Assert.Contains("truncated", Assert.Single(result.Warnings).Message);
        Assert.Equal("<｜tool▁call▁begin｜>g<｜tool▁sep｜>{\"b\":", result.Text);
    }

    [Fact]
    public void A_call_without_an_id_gets_a_fresh_one_of_nine_letters_and_digits()
    {
        var output = "<tool_call>{\"name\": \"f\", \"arguments\": {}}</tool_call><tool_call>{\"name\": \"f\", \"arguments\": {}}</tool_call>";
        var ids = ToolCallParser.Parse(output, ToolCallFormat.Hermes).Calls.Select(c => c.CallId).ToList();
        Assert.Equal(2, ids.Count);
        Assert.NotEqual(ids[0], ids[1]);
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9]{9}$", id));
    }

    [Fact]
    public void Arguments_are_JSON_values_with_strings_as_strings_so_Semantic_Kernel_binds_enums()
    {
        var call = ToolCallParser.Parse("{\"name\": \"f\", \"parameters\": {\"n\": 2, \"s\": \"x\", \"list\": [1, 2], \"o\": {\"k\": null}}}", ToolCallFormat.Llama3).Calls.Single();
        Assert.Equal("x", Assert.IsType<string>(call.Arguments!["s"]));
        Assert.All(call.Arguments.Where(a => a.Key != "s").Select(a => a.Value), v => Assert.IsType<JsonElement>(v));
        Assert.Equal(JsonValueKind.Array, ((JsonElement)call.Arguments["list"]!).ValueKind);
    }

    [Fact]
    public void Complete_gives_out_a_held_back_partial_marker_as_text()
    {
        var parser = new ToolCallParser(ToolCallFormat.Mistral);
        Assert.Equal("Bye ", parser.Push("Bye [TOOL_").Text);
        Assert.Equal("[TOOL_", parser.Complete().Text);
        Assert.Throws<ObjectDisposedException>(() => parser.Push("more"));
    }

    [Fact]
    public void Special_tokens_of_other_families_pass_through_as_text()
    {
        var output = "[TOOL_CALLS]<|python_tag|>functools<|tool_call|>";
        Assert.Equal(output, ToolCallParser.Parse(output, ToolCallFormat.Hermes).Text);
    }

    internal static List<AIContent> Stream(ToolCallFormat format, params string[] pieces)
    {
        int next = 0;
        var parser = new ToolCallParser(format) { CallIdFactory = () => $"gen{next++}" };
        var contents = new List<AIContent>();
        foreach (var piece in pieces)
        {
            contents.AddRange(parser.Push(piece).Contents);
        }

        contents.AddRange(parser.Complete().Contents);
        return contents;
    }

    /// <summary>"text" pieces joined as they would be shown, calls as "call name {args} [id]" (generated ids left out).</summary>
    internal static List<string> Describe(IEnumerable<AIContent> contents)
    {
        var result = new List<string>();
        string? text = null;
        foreach (var content in contents)
        {
            if (content is TextContent t)
            {
                text = (text ?? "") + t.Text;
                continue;
            }

            if (text is not null)
            {
                result.Add(text);
                text = null;
            }

            var call = (FunctionCallContent)content;
            var arguments = JsonSerializer.Serialize(call.Arguments, Canonical);
            bool generated = call.CallId.StartsWith("gen", StringComparison.Ordinal) || (call.CallId.Length == 9 && call.CallId.All(char.IsAsciiLetterOrDigit) && !call.CallId.All(char.IsAsciiDigit));
            result.Add($"call {call.Name} {arguments}{(generated ? "" : " " + call.CallId)}");
        }

        if (text is not null)
        {
            result.Add(text);
        }

        return result;
    }

    private static string Canonicalize(string expected)
    {
        if (!expected.StartsWith("call ", StringComparison.Ordinal))
        {
            return expected;
        }

        int nameEnd = expected.IndexOf(' ', 5);
        Assert.Equal(JsonScan.Complete, ToolCallText.ScanJson(expected + " ", nameEnd + 1, out var start, out var end));
        var arguments = JsonSerializer.Serialize(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(expected[start..end]), Canonical);
        return $"call {expected[5..nameEnd]} {arguments}{expected[end..]}";
    }
}
