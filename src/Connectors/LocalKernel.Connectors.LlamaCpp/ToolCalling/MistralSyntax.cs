namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Mistral: <c>[TOOL_CALLS]</c> then a JSON array of calls (7B v0.3, Mixtral, Nemo), or
/// <c>name[CALL_ID]id[ARGS]{…}</c> with the id optional (tokenizer v11 and later). Both are read whatever the format;
/// the grammar writes the form of <see cref="ToolCallFormat"/>.
/// </summary>
internal sealed class MistralSyntax(bool nameArgsForm) : ToolCallSyntax
{
    private const string Marker = "[TOOL_CALLS]";
    private const string CallId = "[CALL_ID]";
    private const string Args = "[ARGS]";

    public override ToolCallFormat Format => nameArgsForm ? ToolCallFormat.MistralV11 : ToolCallFormat.Mistral;

    public override IReadOnlyList<string> Markers { get; } = [Marker];

    public override IReadOnlyList<ToolCallTrigger> Triggers { get; } = [ToolCallTrigger.Anywhere(Marker, specialToken: true)];

    public override BlockResult ReadBlock(string text, int start, string? marker, bool final)
    {
        int afterMarker = start + Marker.Length;
        int i = ToolCallText.SkipWhitespace(text, afterMarker);
        if (i >= text.Length)
        {
            return final ? BlockResult.Broken(text.Length, "nothing follows [TOOL_CALLS]") : BlockResult.NeedMore;
        }

        return text[i] == '[' ? ReadJsonList(text, i, afterMarker, final) : ReadNameArgs(text, i, afterMarker, final);
    }

    public override string BuildGrammar(ToolGrammarBuilder grammar, bool parallel)
    {
        if (!nameArgsForm)
        {
            return $"{Gbnf.Literal(Marker)} {grammar.List(grammar.EachTool("call", t => grammar.CallObject(t, "name", "arguments")), parallel)}";
        }

        var call = grammar.EachTool("call", t => $"{Gbnf.Literal(Marker + t.Name + Args)} {t.ArgumentsRule}");
        return ToolGrammarBuilder.Repeated(call, parallel);
    }

    private static BlockResult ReadJsonList(string text, int i, int afterMarker, bool final)
    {
        switch (ToolCallText.ScanJson(text, i, out var valueStart, out var end))
        {
            case JsonScan.Incomplete:
                return final ? BlockResult.Broken(text.Length, "the call list is truncated") : BlockResult.NeedMore;
            case JsonScan.Invalid:
                return BlockResult.Broken(afterMarker, "the call list is not JSON");
        }

        var calls = new List<ParsedToolCall>();
        string? error = null;
        return ToolCallText.ParseJson(text, valueStart, end) is { } json && ToolCallJson.TryReadCalls(json, calls, out error)
            ? BlockResult.Done(end, calls)
            : BlockResult.Broken(end, error ?? "the call list is not valid JSON");
    }

    private static BlockResult ReadNameArgs(string text, int i, int afterMarker, bool final)
    {
        BlockResult More(string what) => final ? BlockResult.Broken(text.Length, $"the call is truncated ({what})") : BlockResult.NeedMore;

        int bracket = text.IndexOf('[', i);
        if (bracket < 0)
        {
            return More("name");
        }

        var name = text[i..bracket].Trim();
        if (name.Length == 0 || name.Any(c => !(char.IsLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            return BlockResult.Broken(afterMarker, "[TOOL_CALLS] is not followed by a function name");
        }

        string? id = null;
        int j = bracket;
        switch (ToolCallText.Match(text, j, CallId))
        {
            case TextMatch.Partial:
                return More("call id");
            case TextMatch.Yes:
                int argsAt = text.IndexOf(Args, j, StringComparison.Ordinal);
                if (argsAt < 0)
                {
                    return More("call id");
                }

                id = text[(j + CallId.Length)..argsAt].Trim();
                j = argsAt;
                break;
        }

        switch (ToolCallText.Match(text, j, Args))
        {
            case TextMatch.Partial:
                return More("[ARGS]");
            case TextMatch.No:
                return BlockResult.Broken(afterMarker, $"the call of '{name}' has no [ARGS]");
        }

        switch (ToolCallText.ScanJson(text, j + Args.Length, out var valueStart, out var end))
        {
            case JsonScan.Incomplete:
                return More("arguments");
            case JsonScan.Invalid:
                return BlockResult.Broken(j + Args.Length, $"the arguments of '{name}' are not JSON");
        }

        var json = ToolCallText.ParseJson(text, valueStart, end);
        if (!ToolCallJson.TryReadArguments(json, out var arguments, out var error) || json is null)
        {
            return BlockResult.Broken(end, error ?? $"the arguments of '{name}' are not valid JSON");
        }

        return BlockResult.Done(end, [new ParsedToolCall(name, arguments!, string.IsNullOrEmpty(id) ? null : id)]);
    }
}
