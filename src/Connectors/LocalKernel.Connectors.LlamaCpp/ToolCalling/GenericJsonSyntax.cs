using System.Text.Json;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// No family syntax: an answer that is JSON from its start (perhaps in a ```json fence) and has the shape of tool
/// calls is read as calls; <c>{"response": "…"}</c> is read as that text; any other JSON stays text.
/// </summary>
internal sealed class GenericJsonSyntax : ToolCallSyntax
{
    public override ToolCallFormat Format => ToolCallFormat.Generic;

    public override IReadOnlyList<string> Markers { get; } = [];

    public override IReadOnlyList<ToolCallTrigger> Triggers { get; } =
        [new ToolCallTrigger("{", @"^\s*(\{)[\s\S]*$", AtStartOnly: true, MayBeSpecialToken: false)];

    public override StartDecision StartsWithCall(string text, int position, bool final)
    {
        int i = ToolCallText.SkipWhitespace(text, position);
        int json = i >= text.Length ? i : ToolCallText.SkipOpeningFence(text, i);
        if (json < 0 || json >= text.Length)
        {
            return final ? StartDecision.Text : StartDecision.NeedMore;
        }

        return text[json] is '{' or '[' ? StartDecision.Call : StartDecision.Text;
    }

    public override BlockResult ReadBlock(string text, int start, string? marker, bool final)
    {
        int i = ToolCallText.SkipWhitespace(text, start);
        int json = ToolCallText.SkipOpeningFence(text, i);
        bool fenced = json != i;
        switch (ToolCallText.ScanJson(text, json, out var valueStart, out var end))
        {
            case JsonScan.Incomplete:
                return final ? BlockResult.Text(text.Length) : BlockResult.NeedMore;
            case JsonScan.Invalid:
                return BlockResult.Text(json + 1);
        }

        if (ToolCallText.ParseJson(text, valueStart, end) is not { } element)
        {
            return BlockResult.Text(end);
        }

        var calls = new List<ParsedToolCall>();
        string? response = null;
        bool isCalls = element switch
        {
            { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("tool_calls", out var list) => ToolCallJson.TryReadCalls(list, calls, out _),
            { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("tool_call", out var one) => ToolCallJson.TryReadCalls(one, calls, out _),
            { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("response", out var r) && r.ValueKind == JsonValueKind.String =>
                (response = r.GetString()) is not null,
            { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("name", out _) && (o.TryGetProperty("arguments", out _) || o.TryGetProperty("parameters", out _)) =>
                ToolCallJson.TryReadCalls(o, calls, out _),
            { ValueKind: JsonValueKind.Array } => ToolCallJson.TryReadCalls(element, calls, out _),
            _ => false,
        };
        if (!isCalls)
        {
            return BlockResult.Text(end);
        }

        if (TaggedJsonSyntax.Close(text, end, fenced, closer: null, final) is not { } close)
        {
            return BlockResult.NeedMore;
        }

        return new BlockResult(BlockStatus.Complete, close, calls, ReplacementText: response);
    }

    public override string BuildGrammar(ToolGrammarBuilder grammar, bool parallel)
    {
        var list = grammar.List(grammar.EachTool("call", t => grammar.CallObject(t, "name", "arguments")), parallel);
        return $"\"{{\" {grammar.Space} {ToolGrammarBuilder.JsonStringLiteral("tool_calls")} {grammar.Space} \":\" {grammar.Space} {list} {grammar.Space} \"}}\"";
    }
}
