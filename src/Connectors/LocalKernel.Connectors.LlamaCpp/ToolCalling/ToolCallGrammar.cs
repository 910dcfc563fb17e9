using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// GBNF grammars (start rule <c>root</c>) of valid tool calls in a family's syntax: each call names one of the tools
/// and its arguments follow the tool's JSON schema (<see cref="AIFunctionDeclaration.JsonSchema"/>, converted by
/// <see cref="JsonSchemaGrammar"/>'s rules). For a required call the grammar constrains the whole answer; for
/// "auto" it is used lazily from a <see cref="ToolCallTrigger"/> on, as each grammar begins with its family's trigger.
/// Thread-safe (stateless).
/// </summary>
/// <remarks>
/// A call must always finish within the token budget, even from a weak model: what a parameter schema leaves
/// unbounded is bounded here. A string without <c>maxLength</c> has at most <see cref="DefaultMaxStringLength"/>
/// characters (or the length given), an integer side without <c>minimum</c>/<c>maximum</c> at most
/// <see cref="MaxIntegerDigits"/> digits, so every such integer binds to a .NET <see cref="int"/>. Semantic Kernel's
/// schemas of <c>[KernelFunction]</c> parameters drop <c>[StringLength]</c> and <c>[Range]</c>, so without these bounds
/// a random-walking model writes one string or number until the token limit and no call comes out.
/// </remarks>
public static class ToolCallGrammar
{
    /// <summary>The most characters of a call's string argument whose schema sets no <c>maxLength</c>, by default.</summary>
    public const int DefaultMaxStringLength = 256;

    /// <summary>The most digits of a call's integer argument whose schema leaves it unbounded (fits <see cref="int"/>).</summary>
    public const int MaxIntegerDigits = 9;

    /// <summary>The grammar of one call, or one or more calls when <paramref name="allowMultipleCalls"/>, to any of <paramref name="tools"/>.</summary>
    /// <param name="tools">The tools the model may call (e.g. the <see cref="AIFunction"/>s of <see cref="ChatOptions.Tools"/>).</param>
    /// <param name="format">The family syntax.</param>
    /// <param name="allowMultipleCalls">Several calls in one answer. Llama 3's templates render only one, so its grammar always makes one.</param>
    /// <param name="maxStringLength">The most characters of a string argument without <c>maxLength</c>; default <see cref="DefaultMaxStringLength"/>.</param>
    /// <exception cref="ArgumentException">No tools, a tool without a name, or a malformed parameter schema.</exception>
    /// <exception cref="JsonSchemaNotSupportedException">A parameter schema uses a keyword a grammar cannot enforce.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown format, or <paramref name="maxStringLength"/> below 1.</exception>
    public static string ForTools(IEnumerable<AIFunctionDeclaration> tools, ToolCallFormat format, bool allowMultipleCalls = true, int? maxStringLength = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        if (maxStringLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxStringLength), maxStringLength, "A string argument needs room for at least one character.");
        }

        var syntax = ToolCallSyntax.For(format);
        var builder = new ToolGrammarBuilder(tools, maxStringLength ?? DefaultMaxStringLength, MaxIntegerDigits);
        return builder.Format(syntax.BuildGrammar(builder, allowMultipleCalls));
    }
}
