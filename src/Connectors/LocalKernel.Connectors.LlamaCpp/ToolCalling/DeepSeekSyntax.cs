namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// DeepSeek: a section <c>&lt;｜tool▁calls▁begin｜&gt;…&lt;｜tool▁calls▁end｜&gt;</c> of calls
/// <c>&lt;｜tool▁call▁begin｜&gt;…&lt;｜tool▁call▁end｜&gt;</c>. R1 and V3 write <c>function&lt;｜tool▁sep｜&gt;name\n```json\n{…}\n```</c>
/// inside a call, V3.1 <c>name&lt;｜tool▁sep｜&gt;{…}</c>; both are read.
/// </summary>
internal sealed class DeepSeekSyntax(bool v31) : ToolCallSyntax
{
    internal const string CallsBegin = "<｜tool▁calls▁begin｜>";
    internal const string CallsEnd = "<｜tool▁calls▁end｜>";
    internal const string CallBegin = "<｜tool▁call▁begin｜>";
    internal const string CallEnd = "<｜tool▁call▁end｜>";
    internal const string Separator = "<｜tool▁sep｜>";

    public override ToolCallFormat Format => v31 ? ToolCallFormat.DeepSeekV31 : ToolCallFormat.DeepSeekR1;

    public override IReadOnlyList<string> Markers { get; } = [CallsBegin, CallBegin, CallsEnd];

    public override IReadOnlyList<ToolCallTrigger> Triggers { get; } = [ToolCallTrigger.Anywhere(CallsBegin, specialToken: true)];

    // Each call is its own block, so a call goes out as soon as it is complete and a truncated last call does not
    // take the complete ones before it down with it; the section markers around them are removed.
    public override BlockResult ReadBlock(string text, int start, string? marker, bool final)
    {
        if (marker == CallsEnd)
        {
            return BlockResult.Done(start + CallsEnd.Length, []);
        }

        if (marker == CallsBegin)
        {
            int next = ToolCallText.SkipWhitespace(text, start + CallsBegin.Length);
            return ToolCallText.Match(text, next, CallBegin) switch
            {
                TextMatch.Yes => BlockResult.Done(next, []),
                TextMatch.Partial when !final => BlockResult.NeedMore,
                TextMatch.Partial => BlockResult.Broken(text.Length, "the tool-call section is truncated"),
                _ => BlockResult.Broken(start + CallsBegin.Length, "the tool-call section holds no call"),
            };
        }

        return ReadCall(text, start + CallBegin.Length, final);
    }

    public override string BuildGrammar(ToolGrammarBuilder grammar, bool parallel)
    {
        var call = v31
            ? grammar.EachTool("call", t => $"{Gbnf.Literal(CallBegin + t.Name + Separator)} {t.ArgumentsRule} {Gbnf.Literal(CallEnd)}")
            : grammar.EachTool("call", t => $"{Gbnf.Literal(CallBegin + "function" + Separator + t.Name + "\n```json\n")} {t.ArgumentsRule} {Gbnf.Literal("\n```" + CallEnd)}");
        return $"{Gbnf.Literal(CallsBegin)} {ToolGrammarBuilder.Repeated(call, parallel, "\"\\n\"?")} {Gbnf.Literal(CallsEnd)}";
    }

    private static BlockResult ReadCall(string text, int i, bool final)
    {
        BlockResult More() => final ? BlockResult.Broken(text.Length, "a tool call is truncated") : BlockResult.NeedMore;

        int separator = text.IndexOf(Separator, i, StringComparison.Ordinal);
        if (separator < 0)
        {
            return More();
        }

        var first = text[i..separator].Trim();
        int j = ToolCallText.SkipWhitespace(text, separator + Separator.Length);
        if (j >= text.Length)
        {
            return More();
        }

        string name;
        bool fenced = false;
        if (text[j] == '{')
        {
            name = first; // V3.1: name<｜tool▁sep｜>{…}
        }
        else
        {
            // R1 / V3: type<｜tool▁sep｜>name\n```json\n{…}\n```
            int newline = text.IndexOf('\n', j);
            if (newline < 0)
            {
                return More();
            }

            name = text[j..newline].Trim();
            int json = ToolCallText.SkipOpeningFence(text, ToolCallText.SkipWhitespace(text, newline));
            if (json < 0)
            {
                return More();
            }

            fenced = json != ToolCallText.SkipWhitespace(text, newline);
            j = json;
        }

        switch (ToolCallText.ScanJson(text, j, out var valueStart, out var end))
        {
            case JsonScan.Incomplete:
                return More();
            case JsonScan.Invalid:
                return BlockResult.Broken(j, "the arguments of a tool call are not JSON");
        }

        var arguments = ToolCallText.ParseJson(text, valueStart, end);
        if (name.Length == 0 || arguments is null || !ToolCallJson.TryReadArguments(arguments, out var dictionary, out var error))
        {
            return BlockResult.Broken(end, name.Length == 0 ? "a tool call has no name" : "the arguments of a tool call are not a JSON object");
        }

        if (TaggedJsonSyntax.Close(text, end, fenced, CallEnd, final) is not { } close)
        {
            return BlockResult.NeedMore;
        }

        return BlockResult.Done(close, [new ParsedToolCall(name, dictionary!, null)]);
    }
}
