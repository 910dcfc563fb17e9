using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// GBNF grammars (start rule <c>root</c>) of valid tool calls in a family's syntax: each call names one of the tools
/// and its arguments follow the tool's JSON schema (<see cref="AIFunctionDeclaration.JsonSchema"/>, converted by
/// <see cref="JsonSchemaGrammar"/>'s rules). For a required call the grammar constrains the whole answer; for
/// "auto" it is used lazily from a <see cref="ToolCallTrigger"/> on, as each grammar begins with its family's trigger.
/// Thread-safe (stateless).
/// </summary>
public static class ToolCallGrammar
{
    /// <summary>The grammar of one call, or one or more calls when <paramref name="allowMultipleCalls"/>, to any of <paramref name="tools"/>.</summary>
    /// <param name="tools">The tools the model may call (e.g. the <see cref="AIFunction"/>s of <see cref="ChatOptions.Tools"/>).</param>
    /// <param name="format">The family syntax.</param>
    /// <param name="allowMultipleCalls">Several calls in one answer. Llama 3's templates render only one, so its grammar always makes one.</param>
    /// <exception cref="ArgumentException">No tools, a tool without a name, or a malformed parameter schema.</exception>
    /// <exception cref="JsonSchemaNotSupportedException">A parameter schema uses a keyword a grammar cannot enforce.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown format.</exception>
    public static string ForTools(IEnumerable<AIFunctionDeclaration> tools, ToolCallFormat format, bool allowMultipleCalls = true)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var syntax = ToolCallSyntax.For(format);
        var builder = new ToolGrammarBuilder(tools);
        return builder.Format(syntax.BuildGrammar(builder, allowMultipleCalls));
    }
}
