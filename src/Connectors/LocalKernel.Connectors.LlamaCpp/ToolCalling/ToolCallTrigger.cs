using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// What starts a tool call in a family's output, for a lazy grammar that leaves text free and constrains a call
/// once it begins (llama.cpp's <c>llama_sampler_init_grammar_lazy_patterns</c>). The grammar from
/// <see cref="ToolCallGrammar.ForTools"/> begins with this text, so it can be fed from the trigger on.
/// </summary>
/// <param name="Text">The literal that starts a call, e.g. <c>&lt;tool_call&gt;</c> or <c>{</c>.</param>
/// <param name="Pattern">An ECMAScript regular expression over all text generated so far, as llama.cpp takes it: the
/// grammar is fed from its first capture group. Patterns of <see cref="AtStartOnly"/> triggers are written
/// <c>^…$</c> and must match all the text.</param>
/// <param name="AtStartOnly">The call form is only recognised at the start of the answer (bare JSON).</param>
/// <param name="MayBeSpecialToken">In the family's real vocabularies the text is usually a single special token,
/// which should also be passed as a trigger token (a special token does not always appear in text).</param>
public sealed record ToolCallTrigger(string Text, string Pattern, bool AtStartOnly, bool MayBeSpecialToken)
{
    /// <summary>The triggers of <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown format.</exception>
    public static IReadOnlyList<ToolCallTrigger> For(ToolCallFormat format) => ToolCallSyntax.For(format).Triggers;

    /// <summary>A trigger found anywhere in the output.</summary>
    internal static ToolCallTrigger Anywhere(string text, bool specialToken) => new(text, "(" + EscapePattern(text) + ")", false, specialToken);

    /// <summary>Escapes the characters ECMAScript regular expressions treat specially.</summary>
    internal static string EscapePattern(string text)
    {
        var builder = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (@"\^$.|?*+()[]{}/".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
