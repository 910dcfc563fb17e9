using System.Text.Json;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>One way a family opens a JSON call block.</summary>
/// <param name="Marker">The opening text.</param>
/// <param name="Closer">The closing text, optional in the output (a block without it is still read).</param>
/// <param name="TextUnlessJson">The marker is also an ordinary word (<c>Action:</c>, <c>functools</c>): when no JSON
/// follows it, it is text, not a broken call.</param>
/// <param name="XmlBody">The block may hold Qwen3-Coder's XML call instead of JSON.</param>
internal sealed record TagForm(string Marker, string? Closer = null, bool TextUnlessJson = false, bool XmlBody = false);

/// <summary>
/// The families that write a marker, then JSON (a call object or an array of them, maybe in a ```json fence), then
/// perhaps a closing marker: Hermes/Qwen, Granite, Phi-4-mini, Command R and R7B.
/// </summary>
internal sealed partial class TaggedJsonSyntax : ToolCallSyntax
{
    private readonly Dictionary<string, TagForm> _forms;
    private readonly HashSet<string> _removedMarkers;
    private readonly Func<ToolGrammarBuilder, bool, string> _grammar;

    private TaggedJsonSyntax(ToolCallFormat format, TagForm[] forms, ToolCallTrigger[] triggers,
        Func<ToolGrammarBuilder, bool, string> grammar, string[]? removedMarkers = null)
    {
        Format = format;
        _forms = forms.ToDictionary(f => f.Marker, StringComparer.Ordinal);
        _removedMarkers = new HashSet<string>(removedMarkers ?? [], StringComparer.Ordinal);
        Markers = [.. forms.Select(f => f.Marker), .. _removedMarkers];
        Triggers = triggers;
        _grammar = grammar;
    }

    public static TaggedJsonSyntax Hermes { get; } = new(ToolCallFormat.Hermes,
        [new TagForm("<tool_call>", "</tool_call>", XmlBody: true)],
        [ToolCallTrigger.Anywhere("<tool_call>", specialToken: true)],
        (g, parallel) =>
        {
            var call = g.EachTool("call", t => $"\"<tool_call>\" {g.Space} {g.CallObject(t, "name", "arguments")} {g.Space} \"</tool_call>\"");
            return ToolGrammarBuilder.Repeated(call, parallel, g.Space);
        });

    public static TaggedJsonSyntax Granite { get; } = new(ToolCallFormat.Granite,
        [new TagForm("<|tool_call|>")],
        [ToolCallTrigger.Anywhere("<|tool_call|>", specialToken: true)],
        (g, parallel) => $"\"<|tool_call|>\" {g.List(g.EachTool("call", t => g.CallObject(t, "name", "arguments")), parallel)}");

    public static TaggedJsonSyntax Phi4Mini { get; } = new(ToolCallFormat.Phi4Mini,
        [new TagForm("functools", TextUnlessJson: true), new TagForm("<|tool_call|>", "<|/tool_call|>"), new TagForm("<|tool_calls|>", "<|/tool_calls|>")],
        [new ToolCallTrigger("functools[", "(functools\\[)", AtStartOnly: false, MayBeSpecialToken: false)],
        (g, parallel) => $"\"functools\" {g.List(g.EachTool("call", t => g.CallObject(t, "name", "arguments")), parallel)}");

    public static TaggedJsonSyntax CommandR { get; } = new(ToolCallFormat.CommandR,
        [new TagForm("Action:", TextUnlessJson: true)],
        [ToolCallTrigger.Anywhere("Action:", specialToken: false)],
        (g, parallel) =>
        {
            var list = g.List(g.EachTool("call", t => g.CallObject(t, "tool_name", "parameters")), parallel);
            return $"\"Action:\" {g.Space} \"```json\\n\" {list} \"\\n```\"";
        });

    public static TaggedJsonSyntax CommandR7B { get; } = new(ToolCallFormat.CommandR7B,
        [new TagForm("<|START_ACTION|>", "<|END_ACTION|>")],
        [ToolCallTrigger.Anywhere("<|START_ACTION|>", specialToken: true)],
        (g, parallel) =>
        {
            var id = $"{ToolGrammarBuilder.JsonStringLiteral("tool_call_id")} {g.Space} \":\" {g.Space} \"\\\"\" [0-9]{{1,3}} \"\\\"\"";
            var list = g.List(g.EachTool("call", t => g.CallObject(t, "tool_name", "parameters", id)), parallel);
            return $"\"<|START_ACTION|>\" {list} \"<|END_ACTION|>\"";
        },
        removedMarkers: ["<|START_RESPONSE|>", "<|END_RESPONSE|>"]);

    public override ToolCallFormat Format { get; }

    public override IReadOnlyList<string> Markers { get; }

    public override IReadOnlyList<ToolCallTrigger> Triggers { get; }

    public override string BuildGrammar(ToolGrammarBuilder grammar, bool parallel) => _grammar(grammar, parallel);

    public override BlockResult ReadBlock(string text, int start, string? marker, bool final)
    {
        if (marker is null || _removedMarkers.Contains(marker))
        {
            return BlockResult.Done(start + (marker?.Length ?? 0), []);
        }

        var form = _forms[marker];
        int afterMarker = start + marker.Length;
        int i = ToolCallText.SkipWhitespace(text, afterMarker);
        if (form.XmlBody && ToolCallText.Match(text, i, "<function=") != TextMatch.No)
        {
            return ReadXmlCall(text, i, form, afterMarker, final);
        }

        int json = ToolCallText.SkipOpeningFence(text, i);
        if (json < 0)
        {
            return final ? BlockResult.Broken(text.Length, "the call ends inside a code fence") : BlockResult.NeedMore;
        }

        bool fenced = json != i;
        var scan = ToolCallText.ScanJson(text, json, out var valueStart, out var end);
        bool startsJson = valueStart < text.Length && text[valueStart] is '{' or '[';
        if (form.TextUnlessJson && !startsJson)
        {
            // "Action: take a walk", "functools.partial": the word, not a call.
            return valueStart >= text.Length && !final ? BlockResult.NeedMore : BlockResult.Text(afterMarker);
        }

        switch (scan)
        {
            case JsonScan.Incomplete:
                return final ? BlockResult.Broken(text.Length, "the call is truncated") : BlockResult.NeedMore;
            case JsonScan.Invalid:
                return BlockResult.Broken(afterMarker, "no JSON follows the call marker");
        }

        if (!startsJson)
        {
            return BlockResult.Broken(end, "the call is not a JSON object or array");
        }

        var element = ToolCallText.ParseJson(text, valueStart, end);
        var calls = new List<ParsedToolCall>();
        string? error = null;
        if (element is null || !ToolCallJson.TryReadCalls(element.Value, calls, out error))
        {
            return BlockResult.Broken(end, error ?? "the call is not valid JSON");
        }

        return Close(text, end, fenced, form.Closer, final) is { } close ? BlockResult.Done(close, calls) : BlockResult.NeedMore;
    }

    /// <summary>Consumes a closing fence and the closer if present; null when the text might still be heading for one.</summary>
    internal static int? Close(string text, int position, bool fenced, string? closer, bool final)
    {
        if (fenced)
        {
            int fence = ToolCallText.SkipWhitespace(text, position);
            switch (ToolCallText.Match(text, fence, "```"))
            {
                case TextMatch.Yes: position = fence + 3; break;
                case TextMatch.Partial when !final: return null;
            }
        }

        if (closer is not null)
        {
            int at = ToolCallText.SkipWhitespace(text, position);
            switch (ToolCallText.Match(text, at, closer))
            {
                case TextMatch.Yes: return at + closer.Length;
                case TextMatch.Partial when !final: return null;
            }
        }

        return position;
    }

    /// <summary>Qwen3-Coder: <c>&lt;function=name&gt;</c>, then <c>&lt;parameter=key&gt;value&lt;/parameter&gt;</c>s, then <c>&lt;/function&gt;</c>.</summary>
    private static BlockResult ReadXmlCall(string text, int i, TagForm form, int afterMarker, bool final)
    {
        BlockResult More(string what) => final ? BlockResult.Broken(text.Length, $"the call is truncated ({what})") : BlockResult.NeedMore;

        if (ToolCallText.Match(text, i, "<function=") == TextMatch.Partial)
        {
            return More("function tag");
        }

        int nameEnd = text.IndexOf('>', i);
        if (nameEnd < 0)
        {
            return More("function name");
        }

        var name = text[(i + "<function=".Length)..nameEnd].Trim();
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        i = nameEnd + 1;
        while (true)
        {
            i = ToolCallText.SkipWhitespace(text, i);
            if (ToolCallText.Match(text, i, "</function>") is var end && end == TextMatch.Yes)
            {
                i += "</function>".Length;
                break;
            }

            var parameter = ToolCallText.Match(text, i, "<parameter=");
            if (end == TextMatch.Partial || parameter == TextMatch.Partial)
            {
                return More("closing tag");
            }

            if (parameter == TextMatch.No)
            {
                return BlockResult.Broken(Math.Max(i, afterMarker), "the XML call has something other than <parameter=…> inside");
            }

            int keyEnd = text.IndexOf('>', i);
            int valueEnd = keyEnd < 0 ? -1 : text.IndexOf("</parameter>", keyEnd, StringComparison.Ordinal);
            if (valueEnd < 0)
            {
                return More("parameter");
            }

            var key = text[(i + "<parameter=".Length)..keyEnd].Trim();
            arguments[key] = XmlValue(text[(keyEnd + 1)..valueEnd]);
            i = valueEnd + "</parameter>".Length;
        }

        if (name.Length == 0)
        {
            return BlockResult.Broken(i, "the XML call has no function name");
        }

        return Close(text, i, fenced: false, form.Closer, final) is { } close
            ? BlockResult.Done(close, [new ParsedToolCall(name, arguments, null)])
            : BlockResult.NeedMore;
    }

    /// <summary>A parameter value: JSON when it reads as a number, boolean, null, object or array, else the text itself.</summary>
    private static JsonElement XmlValue(string raw)
    {
        var value = raw.StartsWith('\n') ? raw[1..] : raw;
        value = value.EndsWith('\n') ? value[..^1] : value;
        var trimmed = value.Trim();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[' or '-' or (>= '0' and <= '9') || trimmed is "true" or "false" or "null")
        {
            if (ToolCallText.ParseJson(trimmed, 0, trimmed.Length) is { } json)
            {
                return json;
            }
        }

        return JsonSerializer.SerializeToElement(value);
    }
}
