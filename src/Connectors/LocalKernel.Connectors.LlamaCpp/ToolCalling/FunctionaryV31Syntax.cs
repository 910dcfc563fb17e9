namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Functionary v3.1: <c>&lt;function=name&gt;{…}&lt;/function&gt;</c>, and <c>&lt;|python_tag|&gt;</c> code for the python tool.</summary>
internal sealed class FunctionaryV31Syntax : ToolCallSyntax
{
    private const string Open = "<function=";
    private const string Close = "</function>";

    public override ToolCallFormat Format => ToolCallFormat.FunctionaryV31;

    public override IReadOnlyList<string> Markers { get; } = [Open, Llama3Syntax.PythonTag];

    public override IReadOnlyList<ToolCallTrigger> Triggers { get; } = [ToolCallTrigger.Anywhere(Open, specialToken: false)];

    public override BlockResult ReadBlock(string text, int start, string? marker, bool final)
    {
        if (marker == Llama3Syntax.PythonTag)
        {
            return Llama3Syntax.ReadPythonTag(text, start + marker.Length, final);
        }

        int nameStart = start + Open.Length;
        int nameEnd = text.IndexOf('>', nameStart);
        if (nameEnd < 0)
        {
            return final ? BlockResult.Broken(text.Length, "the call is truncated (name)") : BlockResult.NeedMore;
        }

        var name = text[nameStart..nameEnd].Trim();
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            return BlockResult.Broken(nameStart, "<function= is not followed by a function name");
        }

        switch (ToolCallText.ScanJson(text, nameEnd + 1, out var valueStart, out var end))
        {
            case JsonScan.Incomplete:
                return final ? BlockResult.Broken(text.Length, "the call is truncated") : BlockResult.NeedMore;
            case JsonScan.Invalid:
                return BlockResult.Broken(nameEnd + 1, $"the arguments of '{name}' are not JSON");
        }

        var json = ToolCallText.ParseJson(text, valueStart, end);
        if (json is null || !ToolCallJson.TryReadArguments(json, out var arguments, out var error))
        {
            return BlockResult.Broken(end, $"the arguments of '{name}' are not a JSON object");
        }

        return TaggedJsonSyntax.Close(text, end, fenced: false, Close, final) is { } close
            ? BlockResult.Done(close, [new ParsedToolCall(name, arguments!, null)])
            : BlockResult.NeedMore;
    }

    public override string BuildGrammar(ToolGrammarBuilder grammar, bool parallel)
    {
        var call = grammar.EachTool("call", t => $"{Gbnf.Literal(Open + t.Name + ">")} {t.ArgumentsRule} {Gbnf.Literal(Close)}");
        return ToolGrammarBuilder.Repeated(call, parallel);
    }
}
