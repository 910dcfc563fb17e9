using System.Text.Json;
using System.Text.RegularExpressions;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Llama 3.1–3.3: a bare JSON call at the start of the answer (several may follow, separated by whitespace or ';'),
/// or <c>&lt;|python_tag|&gt;</c> followed by JSON, a built-in call <c>name.call(key="value")</c> or Python code.
/// </summary>
internal sealed partial class Llama3Syntax : ToolCallSyntax
{
    internal const string PythonTag = "<|python_tag|>";

    public override ToolCallFormat Format => ToolCallFormat.Llama3;

    public override IReadOnlyList<string> Markers { get; } = [PythonTag];

    public override IReadOnlyList<ToolCallTrigger> Triggers { get; } =
    [
        ToolCallTrigger.Anywhere(PythonTag, specialToken: true),
        new ToolCallTrigger("{", @"^\s*(\{)[\s\S]*$", AtStartOnly: true, MayBeSpecialToken: false),
    ];

    public override StartDecision StartsWithCall(string text, int position, bool final)
    {
        int i = SkipSeparators(text, position);
        return i >= text.Length ? (final ? StartDecision.Text : StartDecision.NeedMore)
            : text[i] == '{' ? StartDecision.Call : StartDecision.Text;
    }

    public override BlockResult ReadBlock(string text, int start, string? marker, bool final)
    {
        if (marker == PythonTag)
        {
            return ReadPythonTag(text, start + PythonTag.Length, final);
        }

        int i = SkipSeparators(text, start);
        switch (ToolCallText.ScanJson(text, i, out var valueStart, out var end))
        {
            case JsonScan.Incomplete:
                return final ? BlockResult.Broken(text.Length, "the call is truncated") : BlockResult.NeedMore;
            case JsonScan.Invalid:
                return BlockResult.Text(Math.Max(i + 1, start + 1));
        }

        // Only an object with a name and parameters is a call; other JSON at the start is an ordinary answer.
        var element = ToolCallText.ParseJson(text, valueStart, end);
        if (element is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty("name", out _)
            || !(obj.TryGetProperty("parameters", out _) || obj.TryGetProperty("arguments", out _)))
        {
            return BlockResult.Text(end);
        }

        return ToolCallJson.TryReadCall(obj, out var call, out var error)
            ? BlockResult.Done(end, [call!], continuesAtStart: true)
            : BlockResult.Broken(end, error!);
    }

    /// <summary>Llama 3.1's template allows one call per turn (it refuses to render more), so the grammar makes one.</summary>
    public override string BuildGrammar(ToolGrammarBuilder grammar, bool parallel)
    {
        var call = grammar.EachTool("call", t => grammar.CallObject(t, "name", "parameters"));
        return $"{Gbnf.Literal(PythonTag)}? {call}";
    }

    /// <summary>
    /// After <c>&lt;|python_tag|&gt;</c>: JSON calls are read as soon as they are complete; a built-in call or code runs
    /// to the end of the answer (the model ends it with <c>&lt;|eom_id|&gt;</c>).
    /// </summary>
    internal static BlockResult ReadPythonTag(string text, int contentStart, bool final)
    {
        int i = ToolCallText.SkipWhitespace(text, contentStart);
        if (i < text.Length && text[i] is '{' or '[')
        {
            switch (ToolCallText.ScanJson(text, i, out var valueStart, out var end))
            {
                case JsonScan.Incomplete:
                    return final ? BlockResult.Broken(text.Length, "the call is truncated") : BlockResult.NeedMore;
                case JsonScan.Complete:
                    var calls = new List<ParsedToolCall>();
                    if (ToolCallText.ParseJson(text, valueStart, end) is { } json && ToolCallJson.TryReadCalls(json, calls, out _))
                    {
                        return BlockResult.Done(end, calls);
                    }

                    break;
            }
        }

        if (!final)
        {
            return BlockResult.NeedMore;
        }

        var content = text[contentStart..].Trim();
        if (content.Length == 0)
        {
            return BlockResult.Broken(text.Length, "nothing follows the python tag");
        }

        var builtin = BuiltinCall().Match(content);
        if (builtin.Success && PythonArguments.TryParse(builtin.Groups["args"].Value, out var arguments))
        {
            return BlockResult.Done(text.Length, [new ParsedToolCall(builtin.Groups["name"].Value, arguments!, null)]);
        }

        var code = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = JsonSerializer.SerializeToElement(content) };
        return BlockResult.Done(text.Length, [new ParsedToolCall("python", code, null)]);
    }

    private static int SkipSeparators(string text, int i)
    {
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == ';'))
        {
            i++;
        }

        return i;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)\.call\((?<args>.*)\)$", RegexOptions.Singleline)]
    private static partial Regex BuiltinCall();
}
