using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>One tool in a tool-call grammar: its name and the rule of its arguments.</summary>
internal sealed record ToolGrammarTool(string Name, string ArgumentsRule);

/// <summary>
/// Shared pieces of the tool-call grammars: a rule set, each tool's argument rule (from its JSON schema), and
/// helpers for the JSON call objects and lists the families write.
/// </summary>
internal sealed class ToolGrammarBuilder
{
    private static readonly JsonSerializerOptions LiteralJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <exception cref="ArgumentException">No tools, a tool without a name, or a malformed schema.</exception>
    /// <exception cref="JsonSchemaNotSupportedException">A tool's schema uses a keyword a grammar cannot enforce.</exception>
    /// <param name="tools">The tools.</param>
    /// <param name="maxStringLength">The most characters of a string argument whose schema sets no <c>maxLength</c>.</param>
    /// <param name="maxIntegerDigits">The most digits of an integer argument whose schema leaves it unbounded.</param>
    public ToolGrammarBuilder(IEnumerable<AIFunctionDeclaration> tools, int? maxStringLength = null, int? maxIntegerDigits = null)
    {
        var list = new List<ToolGrammarTool>();
        foreach (var tool in tools)
        {
            ArgumentNullException.ThrowIfNull(tool);
            if (string.IsNullOrWhiteSpace(tool.Name))
            {
                throw new ArgumentException("Every tool needs a name.", nameof(tools));
            }

            var prefix = Gbnf.SanitizeName(tool.Name);
            string arguments;
            if (tool.JsonSchema.ValueKind is JsonValueKind.Object or JsonValueKind.True)
            {
                var document = JsonNode.Parse(tool.JsonSchema.GetRawText());
                try
                {
                    arguments = new JsonSchemaConverter(Rules, document, maxStringLength, maxIntegerDigits).Rule(document, $"{prefix}-args", "#");
                }
                catch (JsonSchemaNotSupportedException e)
                {
                    throw new JsonSchemaNotSupportedException(e.Keyword, e.SchemaPath, $"in the parameters of tool '{tool.Name}'");
                }
            }
            else
            {
                arguments = JsonPrimitiveRules.Object(Rules);
            }

            list.Add(new ToolGrammarTool(tool.Name, arguments));
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("A tool-call grammar needs at least one tool.", nameof(tools));
        }

        Tools = list;
    }

    public GbnfRuleSet Rules { get; } = new();

    public IReadOnlyList<ToolGrammarTool> Tools { get; }

    public string Space => Rules.Space;

    /// <summary>A rule with one alternative per tool, each the sequence <paramref name="sequence"/> gives.</summary>
    public string EachTool(string ruleName, Func<ToolGrammarTool, string> sequence) =>
        Rules.Add(ruleName, string.Join(" | ", Tools.Select(t => Rules.Add($"{ruleName}-{Gbnf.SanitizeName(t.Name)}", sequence(t)))));

    /// <summary>The literal of <paramref name="text"/> as a JSON string (quoted, escaped).</summary>
    public static string JsonStringLiteral(string text) => Gbnf.Literal(JsonSerializer.Serialize(text, LiteralJson));

    /// <summary>A JSON object with the tool's name under <paramref name="nameKey"/> then its arguments under
    /// <paramref name="argumentsKey"/>, after the members in <paramref name="leadingMembers"/> (GBNF, each "key" : value).</summary>
    public string CallObject(ToolGrammarTool tool, string nameKey, string argumentsKey, params string[] leadingMembers)
    {
        var members = leadingMembers.Append($"{JsonStringLiteral(nameKey)} {Space} \":\" {Space} {JsonStringLiteral(tool.Name)}")
            .Append($"{JsonStringLiteral(argumentsKey)} {Space} \":\" {Space} {tool.ArgumentsRule}");
        return $"\"{{\" {Space} {string.Join($" {Space} \",\" {Space} ", members)} {Space} \"}}\"";
    }

    /// <summary>A JSON array of one <paramref name="item"/>, or of one or more when <paramref name="parallel"/>.</summary>
    public string List(string item, bool parallel) => parallel
        ? $"\"[\" {Space} {item} (\",\" {Space} {item})* {Space} \"]\""
        : $"\"[\" {Space} {item} {Space} \"]\"";

    /// <summary>One <paramref name="item"/>, or one or more separated by <paramref name="separator"/> when <paramref name="parallel"/>.</summary>
    public static string Repeated(string item, bool parallel, string separator = "") => parallel
        ? $"{item} ({(separator.Length > 0 ? separator + " " : "")}{item})*"
        : item;

    /// <summary>Finishes the grammar with <c>root ::= </c><paramref name="rootBody"/>.</summary>
    public string Format(string rootBody)
    {
        Rules.Add("root", rootBody);
        return Rules.Format();
    }
}
