using System.Globalization;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Number literals, call arguments and macro parameters.</summary>
internal sealed partial class TemplateParser
{
    private JinjaValue ParseNumber(TemplateToken token)
    {
        if (token.Value.Contains('.'))
        {
            return new JinjaFloat(double.Parse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        // Integers beyond 64 bits degrade to floats rather than failing.
        return long.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? new JinjaInteger(integer)
            : new JinjaFloat(double.Parse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private List<TemplateArgument> ParseArguments()
    {
        Expect(TemplateTokenKind.OpenParen, "'('");
        var arguments = new List<TemplateArgument>();
        var sawKeyword = false;
        while (!TryAccept(TemplateTokenKind.CloseParen))
        {
            TemplateArgument argument;
            if (TryAccept(TemplateTokenKind.Power))
            {
                argument = new TemplateArgument(TemplateArgumentKind.KeywordSpread, null, ParseExpression());
            }
            else if (!AtEnd && Peek() is { Kind: TemplateTokenKind.Multiplicative, Value: "*" })
            {
                Next();
                argument = new TemplateArgument(TemplateArgumentKind.Spread, null, ParseExpression());
            }
            else
            {
                var value = ParseExpression();
                if (TryAccept(TemplateTokenKind.Equals))
                {
                    if (value is not NameExpression name)
                    {
                        throw Error("Expected a name before '=' in the arguments", value.Offset);
                    }

                    argument = new TemplateArgument(TemplateArgumentKind.Keyword, name.Name, ParseExpression());
                    sawKeyword = true;
                }
                else
                {
                    if (sawKeyword)
                    {
                        throw Error("A positional argument follows a keyword argument", value.Offset);
                    }

                    argument = new TemplateArgument(TemplateArgumentKind.Positional, null, value);
                }
            }

            arguments.Add(argument);
            if (!TryAccept(TemplateTokenKind.Comma))
            {
                Expect(TemplateTokenKind.CloseParen, "',' or ')' in the arguments");
                break;
            }
        }

        return arguments;
    }

    private List<TemplateParameter> ParseParameters()
    {
        var parameters = new List<TemplateParameter>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in ParseArguments())
        {
            var parameter = argument switch
            {
                { Kind: TemplateArgumentKind.Positional, Value: NameExpression name } => new TemplateParameter(name.Name, null),
                { Kind: TemplateArgumentKind.Keyword, Name: { } name } => new TemplateParameter(name, argument.Value),
                _ => throw Error("Expected a parameter name", argument.Value.Offset),
            };
            if (parameter.Default is null && parameters.Count > 0 && parameters[^1].Default is not null)
            {
                throw Error($"Parameter '{parameter.Name}' without a default follows one with a default", argument.Value.Offset);
            }

            if (!names.Add(parameter.Name))
            {
                throw Error($"Duplicate parameter '{parameter.Name}'", argument.Value.Offset);
            }

            parameters.Add(parameter);
        }

        return parameters;
    }
}
