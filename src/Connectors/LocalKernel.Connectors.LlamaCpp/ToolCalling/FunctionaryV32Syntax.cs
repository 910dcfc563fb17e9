namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Functionary v3.2: every part of the answer starts with a recipient line. The generation prompt ends with
/// <c>&gt;&gt;&gt;</c>, so the answer begins <c>all\n</c> (text follows) or <c>name\n{…}</c> (a call); later parts
/// begin <c>&gt;&gt;&gt;</c>. The recipient <c>python</c> takes code up to the next part.
/// </summary>
internal sealed class FunctionaryV32Syntax : ToolCallSyntax
{
    private const string Header = ">>>";

    public override ToolCallFormat Format => ToolCallFormat.FunctionaryV32;

    public override IReadOnlyList<string> Markers { get; } = [Header];

    public override IReadOnlyList<ToolCallTrigger> Triggers { get; } =
    [
        new ToolCallTrigger(Header, @"^\s*(?:>>>)?((?!all\n)[A-Za-z0-9_.\-]+\n)[\s\S]*$", AtStartOnly: true, MayBeSpecialToken: false),
        new ToolCallTrigger(Header, @">>>((?!all\n)[A-Za-z0-9_.\-]+\n)", AtStartOnly: false, MayBeSpecialToken: false),
    ];

    public override StartDecision StartsWithCall(string text, int position, bool final)
    {
        int i = ToolCallText.SkipWhitespace(text, position);
        position = i;
        switch (ToolCallText.Match(text, i, Header))
        {
            case TextMatch.Yes: return StartDecision.Call;
            case TextMatch.Partial when !final: return StartDecision.NeedMore;
        }

        while (i < text.Length && IsNameChar(text[i]))
        {
            i++;
        }

        if (i >= text.Length)
        {
            return final ? StartDecision.Text : StartDecision.NeedMore;
        }

        return i > position && text[i] == '\n' ? StartDecision.Call : StartDecision.Text;
    }

    public override BlockResult ReadBlock(string text, int start, string? marker, bool final)
    {
        if (marker is null)
        {
            start = ToolCallText.SkipWhitespace(text, start);
        }

        int i = ToolCallText.Match(text, start, Header) == TextMatch.Yes ? start + Header.Length : start;
        int nameStart = i;
        while (i < text.Length && IsNameChar(text[i]))
        {
            i++;
        }

        if (i >= text.Length)
        {
            return final ? BlockResult.Broken(text.Length, "the recipient line is truncated") : BlockResult.NeedMore;
        }

        var name = text[nameStart..i];
        if (name.Length == 0 || text[i] != '\n')
        {
            return BlockResult.Broken(Math.Max(nameStart, start + 1), "'>>>' is not followed by a recipient line");
        }

        int content = i + 1;
        if (name == "all")
        {
            return BlockResult.Done(content, []); // the header goes; the text after it is ordinary text
        }

        if (name == "python")
        {
            int next = text.IndexOf(Header, content, StringComparison.Ordinal);
            if (next < 0 && !final)
            {
                return BlockResult.NeedMore;
            }

            int codeEnd = next < 0 ? text.Length : next;
            var code = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = System.Text.Json.JsonSerializer.SerializeToElement(text[content..codeEnd].Trim()) };
            return BlockResult.Done(codeEnd, [new ParsedToolCall("python", code, null)]);
        }

        switch (ToolCallText.ScanJson(text, content, out var valueStart, out var end))
        {
            case JsonScan.Incomplete:
                return final ? BlockResult.Broken(text.Length, "the call is truncated") : BlockResult.NeedMore;
            case JsonScan.Invalid:
                return BlockResult.Broken(content, $"the arguments of '{name}' are not JSON");
        }

        var json = ToolCallText.ParseJson(text, valueStart, end);
        return json is not null && ToolCallJson.TryReadArguments(json, out var arguments, out _)
            ? BlockResult.Done(end, [new ParsedToolCall(name, arguments!, null)])
            : BlockResult.Broken(end, $"the arguments of '{name}' are not a JSON object");
    }

    public override string BuildGrammar(ToolGrammarBuilder grammar, bool parallel)
    {
        var call = grammar.EachTool("call", t => $"{Gbnf.Literal(t.Name + "\n")} {t.ArgumentsRule}");
        return parallel ? $"{Gbnf.Literal(Header)}? {call} ({Gbnf.Literal(Header)} {call})*" : $"{Gbnf.Literal(Header)}? {call}";
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}
