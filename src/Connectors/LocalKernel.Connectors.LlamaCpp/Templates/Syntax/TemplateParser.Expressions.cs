using System.Globalization;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The expression half of the parser.</summary>
internal sealed partial class TemplateParser
{
    // Tests whose argument may follow without parentheses: "x is divisibleby 3", "x is equalto 'a'".
    private static readonly HashSet<string> TestsWithArgument =
    [
        "divisibleby", "equalto", "eq", "==", "ne", "!=", "sameas", "lt", "<", "le", "<=", "gt", ">", "ge", ">=", "in",
    ];

    private Expression ParseExpression()
    {
        Enter(AtEnd ? _source.Text.Length : Peek().Offset);
        try
        {
            return ParseConditional();
        }
        finally
        {
            _nesting--;
        }
    }

    /// <summary>An expression, or several separated by commas, which make a tuple: <c>set a, b = 1, 2</c>.</summary>
    private Expression ParseExpressionSequence()
    {
        var first = ParseExpression();
        if (AtEnd || Peek().Kind != TokenKind.Comma)
        {
            return first;
        }

        var items = new List<Expression> { first };
        while (TryAccept(TokenKind.Comma))
        {
            if (AtEnd || Peek().Kind is TokenKind.CloseParen or TokenKind.CloseStatement or TokenKind.Equals)
            {
                break;
            }

            items.Add(ParseExpression());
        }

        return new ListExpression(first.Offset, items, IsTuple: true);
    }

    private Expression ParseConditional()
    {
        var then = ParseOr();
        if (AtEnd || !Peek().IsIdentifier("if"))
        {
            return then;
        }

        Next();
        var condition = ParseOr();
        Expression? otherwise = null;
        if (!AtEnd && Peek().IsIdentifier("else"))
        {
            Next();
            otherwise = ParseExpression();
        }

        return new ConditionalExpression(then.Offset, condition, then, otherwise);
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (!AtEnd && Peek().IsIdentifier("or"))
        {
            Next();
            left = new BinaryExpression(left.Offset, "or", left, ParseAnd());
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (!AtEnd && Peek().IsIdentifier("and"))
        {
            Next();
            left = new BinaryExpression(left.Offset, "and", left, ParseNot());
        }

        return left;
    }

    private Expression ParseNot()
    {
        if (!AtEnd && Peek().IsIdentifier("not"))
        {
            var offset = Next().Offset;
            Enter(offset);
            try
            {
                return new UnaryExpression(offset, "not", ParseNot());
            }
            finally
            {
                _nesting--;
            }
        }

        return ParseComparison();
    }

    private Expression ParseComparison()
    {
        var left = ParseAdditive();
        while (!AtEnd)
        {
            string op;
            var token = Peek();
            if (token.IsIdentifier("not") && _current + 1 < _tokens.Count && _tokens[_current + 1].IsIdentifier("in"))
            {
                _current += 2;
                op = "not in";
            }
            else if (token.IsIdentifier("in") || token.Kind == TokenKind.Comparison)
            {
                _current++;
                op = token.Value;
            }
            else
            {
                break;
            }

            left = new BinaryExpression(left.Offset, op, left, ParseAdditive());
        }

        return left;
    }

    private Expression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (!AtEnd && Peek().Kind == TokenKind.Additive)
        {
            var op = Next().Value;
            left = new BinaryExpression(left.Offset, op, left, ParseMultiplicative());
        }

        return left;
    }

    private Expression ParseMultiplicative()
    {
        var left = ParsePower();
        while (!AtEnd && Peek().Kind == TokenKind.Multiplicative)
        {
            var op = Next().Value;
            left = new BinaryExpression(left.Offset, op, left, ParsePower());
        }

        return left;
    }

    private Expression ParsePower()
    {
        var left = ParseTest();
        while (!AtEnd && Peek().Kind == TokenKind.Power)
        {
            Next();
            left = new BinaryExpression(left.Offset, "**", left, ParseTest());
        }

        return left;
    }

    private Expression ParseTest()
    {
        var operand = ParseFilter();
        while (!AtEnd && Peek().IsIdentifier("is"))
        {
            Next();
            var negated = false;
            if (!AtEnd && Peek().IsIdentifier("not"))
            {
                Next();
                negated = true;
            }

            var nameToken = Next();
            var name = nameToken.Kind switch
            {
                TokenKind.Identifier => nameToken.Value,
                TokenKind.Comparison when TestsWithArgument.Contains(nameToken.Value) => nameToken.Value,
                _ => throw Error($"Expected a test name after 'is', found {nameToken}", nameToken.Offset),
            };
            IReadOnlyList<Argument> arguments = [];
            if (TestsWithArgument.Contains(name) && !AtEnd)
            {
                if (Peek().Kind == TokenKind.OpenParen)
                {
                    arguments = ParseArguments();
                }
                else if (CanStartTestArgument(Peek()))
                {
                    arguments = [new Argument(ArgumentKind.Positional, null, ParsePostfix(ParsePrimary()))];
                }
            }

            operand = new TestExpression(operand.Offset, operand, name, negated, arguments);
        }

        return operand;
    }

    private static bool CanStartTestArgument(Token token) => token.Kind switch
    {
        TokenKind.NumericLiteral or TokenKind.StringLiteral or TokenKind.OpenBracket or TokenKind.OpenBrace => true,
        TokenKind.Identifier => token.Value is not ("else" or "or" or "and" or "if" or "in" or "not" or "is"),
        _ => false,
    };

    private Expression ParseFilter()
    {
        var operand = ParseUnary();
        while (TryAccept(TokenKind.Pipe))
        {
            var name = Expect(TokenKind.Identifier, "a filter name after '|'");
            IReadOnlyList<Argument>? arguments = null;
            if (!AtEnd && Peek().Kind == TokenKind.OpenParen)
            {
                arguments = ParseArguments();
            }

            operand = new FilterExpression(name.Offset, operand, name.Value, arguments);
        }

        return operand;
    }

    private Expression ParseUnary()
    {
        if (!AtEnd && Peek() is { Kind: TokenKind.UnarySign or TokenKind.Additive, Value: "-" or "+" } sign)
        {
            Next();
            Enter(sign.Offset);
            try
            {
                return new UnaryExpression(sign.Offset, sign.Value, ParseUnary());
            }
            finally
            {
                _nesting--;
            }
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expression ParsePostfix(Expression target)
    {
        while (!AtEnd)
        {
            var token = Peek();
            switch (token.Kind)
            {
                case TokenKind.Dot:
                    Next();
                    var member = Next();
                    target = member.Kind switch
                    {
                        TokenKind.Identifier => new MemberExpression(token.Offset, target, new LiteralExpression(member.Offset, new StringValue(member.Value))),
                        TokenKind.NumericLiteral when !member.Value.Contains('.') && !member.Value.StartsWith('-') =>
                            new MemberExpression(token.Offset, target, new LiteralExpression(member.Offset, ParseNumber(member))),
                        _ => throw Error($"Expected an attribute name after '.', found {member}", member.Offset),
                    };
                    break;
                case TokenKind.OpenBracket:
                    Next();
                    target = ParseSubscript(target, token.Offset);
                    break;
                case TokenKind.OpenParen:
                    target = new CallExpression(token.Offset, target, ParseArguments());
                    break;
                default:
                    return target;
            }
        }

        return target;
    }

    private Expression ParseSubscript(Expression target, int offset)
    {
        var parts = new Expression?[3];
        var index = 0;
        var isSlice = false;
        while (!TryAccept(TokenKind.CloseBracket))
        {
            if (TryAccept(TokenKind.Colon))
            {
                isSlice = true;
                if (++index > 2)
                {
                    throw Error("A slice takes at most three parts: [start:stop:step]", offset);
                }

                continue;
            }

            if (parts[index] is not null)
            {
                throw Error("Expected ']' or ':' in the subscript", AtEnd ? _source.Text.Length : Peek().Offset);
            }

            parts[index] = ParseExpression();
        }

        if (!isSlice)
        {
            return parts[0] is { } key
                ? new MemberExpression(offset, target, key)
                : throw Error("Expected an index between '[' and ']'", offset);
        }

        return new SliceExpression(offset, target, parts[0], parts[1], parts[2]);
    }

    private Expression ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.NumericLiteral:
                return new LiteralExpression(token.Offset, ParseNumber(token));
            case TokenKind.StringLiteral:
                var text = token.Value;

                // Adjacent string literals concatenate, as in Python.
                while (!AtEnd && Peek().Kind == TokenKind.StringLiteral)
                {
                    text += Next().Value;
                }

                return new LiteralExpression(token.Offset, new StringValue(text));
            case TokenKind.Identifier:
                return token.Value switch
                {
                    "true" or "True" => new LiteralExpression(token.Offset, BooleanValue.True),
                    "false" or "False" => new LiteralExpression(token.Offset, BooleanValue.False),
                    "none" or "None" => new LiteralExpression(token.Offset, NoneValue.Instance),
                    _ => new NameExpression(token.Offset, token.Value),
                };
            case TokenKind.OpenParen:
                if (TryAccept(TokenKind.CloseParen))
                {
                    return new ListExpression(token.Offset, [], IsTuple: true);
                }

                var inner = ParseExpressionSequence();
                Expect(TokenKind.CloseParen, "')'");
                return inner;
            case TokenKind.OpenBracket:
                var items = new List<Expression>();
                while (!TryAccept(TokenKind.CloseBracket))
                {
                    items.Add(ParseExpression());
                    if (!TryAccept(TokenKind.Comma))
                    {
                        Expect(TokenKind.CloseBracket, "',' or ']' in the list");
                        break;
                    }
                }

                return new ListExpression(token.Offset, items, IsTuple: false);
            case TokenKind.OpenBrace:
                var entries = new List<(Expression, Expression)>();
                while (!TryAccept(TokenKind.CloseBrace))
                {
                    var key = ParseExpression();
                    Expect(TokenKind.Colon, "':' between a key and its value");
                    entries.Add((key, ParseExpression()));
                    if (!TryAccept(TokenKind.Comma))
                    {
                        Expect(TokenKind.CloseBrace, "',' or '}' in the dict");
                        break;
                    }
                }

                return new DictExpression(token.Offset, entries);
            default:
                throw Error($"Unexpected {token} in an expression", token.Offset);
        }
    }

    private JinjaValue ParseNumber(Token token)
    {
        if (token.Value.Contains('.'))
        {
            return new FloatValue(double.Parse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        // Integers beyond 64 bits degrade to floats rather than failing.
        return long.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? new IntegerValue(integer)
            : new FloatValue(double.Parse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private List<Argument> ParseArguments()
    {
        Expect(TokenKind.OpenParen, "'('");
        var arguments = new List<Argument>();
        var sawKeyword = false;
        while (!TryAccept(TokenKind.CloseParen))
        {
            Argument argument;
            if (TryAccept(TokenKind.Power))
            {
                argument = new Argument(ArgumentKind.KeywordSpread, null, ParseExpression());
            }
            else if (!AtEnd && Peek() is { Kind: TokenKind.Multiplicative, Value: "*" })
            {
                Next();
                argument = new Argument(ArgumentKind.Spread, null, ParseExpression());
            }
            else
            {
                var value = ParseExpression();
                if (TryAccept(TokenKind.Equals))
                {
                    if (value is not NameExpression name)
                    {
                        throw Error("Expected a name before '=' in the arguments", value.Offset);
                    }

                    argument = new Argument(ArgumentKind.Keyword, name.Name, ParseExpression());
                    sawKeyword = true;
                }
                else
                {
                    if (sawKeyword)
                    {
                        throw Error("A positional argument follows a keyword argument", value.Offset);
                    }

                    argument = new Argument(ArgumentKind.Positional, null, value);
                }
            }

            arguments.Add(argument);
            if (!TryAccept(TokenKind.Comma))
            {
                Expect(TokenKind.CloseParen, "',' or ')' in the arguments");
                break;
            }
        }

        return arguments;
    }

    private List<Parameter> ParseParameters()
    {
        var parameters = new List<Parameter>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in ParseArguments())
        {
            var parameter = argument switch
            {
                { Kind: ArgumentKind.Positional, Value: NameExpression name } => new Parameter(name.Name, null),
                { Kind: ArgumentKind.Keyword, Name: { } name } => new Parameter(name, argument.Value),
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
