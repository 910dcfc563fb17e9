namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The expression half of the parser.</summary>
internal sealed partial class TemplateParser
{
    // Tests whose argument may follow without parentheses: "x is divisibleby 3", "x is equalto 'a'".
    private static readonly HashSet<string> TestsWithArgument =
    [
        "divisibleby", "equalto", "eq", "==", "ne", "!=", "sameas", "lt", "<", "le", "<=", "gt", ">", "ge", ">=", "in",
    ];

    private TemplateExpression ParseExpression()
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
    private TemplateExpression ParseExpressionSequence()
    {
        var first = ParseExpression();
        if (AtEnd || Peek().Kind != TemplateTokenKind.Comma)
        {
            return first;
        }

        var items = new List<TemplateExpression> { first };
        while (TryAccept(TemplateTokenKind.Comma))
        {
            if (AtEnd || Peek().Kind is TemplateTokenKind.CloseParen or TemplateTokenKind.CloseStatement or TemplateTokenKind.Equals)
            {
                break;
            }

            items.Add(ParseExpression());
        }

        return new ListExpression(first.Offset, items, IsTuple: true);
    }

    private TemplateExpression ParseConditional()
    {
        var then = ParseOr();
        if (AtEnd || !Peek().IsIdentifier("if"))
        {
            return then;
        }

        Next();
        var condition = ParseOr();
        TemplateExpression? otherwise = null;
        if (!AtEnd && Peek().IsIdentifier("else"))
        {
            Next();
            otherwise = ParseExpression();
        }

        return new ConditionalExpression(then.Offset, condition, then, otherwise);
    }

    private TemplateExpression ParseOr()
    {
        var left = ParseAnd();
        while (!AtEnd && Peek().IsIdentifier("or"))
        {
            Next();
            left = new BinaryExpression(left.Offset, "or", left, ParseAnd());
        }

        return left;
    }

    private TemplateExpression ParseAnd()
    {
        var left = ParseNot();
        while (!AtEnd && Peek().IsIdentifier("and"))
        {
            Next();
            left = new BinaryExpression(left.Offset, "and", left, ParseNot());
        }

        return left;
    }

    private TemplateExpression ParseNot()
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

    private TemplateExpression ParseComparison()
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
            else if (token.IsIdentifier("in") || token.Kind == TemplateTokenKind.Comparison)
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

    private TemplateExpression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (!AtEnd && Peek().Kind == TemplateTokenKind.Additive)
        {
            var op = Next().Value;
            left = new BinaryExpression(left.Offset, op, left, ParseMultiplicative());
        }

        return left;
    }

    private TemplateExpression ParseMultiplicative()
    {
        var left = ParsePower();
        while (!AtEnd && Peek().Kind == TemplateTokenKind.Multiplicative)
        {
            var op = Next().Value;
            left = new BinaryExpression(left.Offset, op, left, ParsePower());
        }

        return left;
    }

    private TemplateExpression ParsePower()
    {
        var left = ParseTest();
        while (!AtEnd && Peek().Kind == TemplateTokenKind.Power)
        {
            Next();
            left = new BinaryExpression(left.Offset, "**", left, ParseTest());
        }

        return left;
    }

    private TemplateExpression ParseTest()
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
                TemplateTokenKind.Identifier => nameToken.Value,
                TemplateTokenKind.Comparison when TestsWithArgument.Contains(nameToken.Value) => nameToken.Value,
                _ => throw Error($"Expected a test name after 'is', found {nameToken}", nameToken.Offset),
            };
            IReadOnlyList<TemplateArgument> arguments = [];
            if (TestsWithArgument.Contains(name) && !AtEnd)
            {
                if (Peek().Kind == TemplateTokenKind.OpenParen)
                {
                    arguments = ParseArguments();
                }
                else if (CanStartTestArgument(Peek()))
                {
                    arguments = [new TemplateArgument(TemplateArgumentKind.Positional, null, ParsePostfix(ParsePrimary()))];
                }
            }

            operand = new TestExpression(operand.Offset, operand, name, negated, arguments);
        }

        return operand;
    }

    private static bool CanStartTestArgument(TemplateToken token) => token.Kind switch
    {
        TemplateTokenKind.NumericLiteral or TemplateTokenKind.StringLiteral or TemplateTokenKind.OpenBracket or TemplateTokenKind.OpenBrace => true,
        TemplateTokenKind.Identifier => token.Value is not ("else" or "or" or "and" or "if" or "in" or "not" or "is"),
        _ => false,
    };

    private TemplateExpression ParseFilter()
    {
        var operand = ParseUnary();
        while (TryAccept(TemplateTokenKind.Pipe))
        {
            var name = Expect(TemplateTokenKind.Identifier, "a filter name after '|'");
            IReadOnlyList<TemplateArgument>? arguments = null;
            if (!AtEnd && Peek().Kind == TemplateTokenKind.OpenParen)
            {
                arguments = ParseArguments();
            }

            operand = new FilterExpression(name.Offset, operand, name.Value, arguments);
        }

        return operand;
    }

    private TemplateExpression ParseUnary()
    {
        if (!AtEnd && Peek() is { Kind: TemplateTokenKind.UnarySign or TemplateTokenKind.Additive, Value: "-" or "+" } sign)
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

    private TemplateExpression ParsePostfix(TemplateExpression target)
    {
        while (!AtEnd)
        {
            var token = Peek();
            switch (token.Kind)
            {
                case TemplateTokenKind.Dot:
                    Next();
                    var member = Next();
                    target = member.Kind switch
                    {
                        TemplateTokenKind.Identifier => new MemberExpression(token.Offset, target, new LiteralExpression(member.Offset, new JinjaString(member.Value))),
                        TemplateTokenKind.NumericLiteral when !member.Value.Contains('.') && !member.Value.StartsWith('-') =>
                            new MemberExpression(token.Offset, target, new LiteralExpression(member.Offset, ParseNumber(member))),
                        _ => throw Error($"Expected an attribute name after '.', found {member}", member.Offset),
                    };
                    break;
                case TemplateTokenKind.OpenBracket:
                    Next();
                    target = ParseSubscript(target, token.Offset);
                    break;
                case TemplateTokenKind.OpenParen:
                    target = new CallExpression(token.Offset, target, ParseArguments());
                    break;
                default:
                    return target;
            }
        }

        return target;
    }

    private TemplateExpression ParseSubscript(TemplateExpression target, int offset)
    {
        var parts = new TemplateExpression?[3];
        var index = 0;
        var isSlice = false;
        while (!TryAccept(TemplateTokenKind.CloseBracket))
        {
            if (TryAccept(TemplateTokenKind.Colon))
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

    private TemplateExpression ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TemplateTokenKind.NumericLiteral:
                return new LiteralExpression(token.Offset, ParseNumber(token));
            case TemplateTokenKind.StringLiteral:
                var text = token.Value;

                // Adjacent string literals concatenate, as in Python.
                while (!AtEnd && Peek().Kind == TemplateTokenKind.StringLiteral)
                {
                    text += Next().Value;
                }

                return new LiteralExpression(token.Offset, new JinjaString(text));
            case TemplateTokenKind.Identifier:
                return token.Value switch
                {
                    "true" or "True" => new LiteralExpression(token.Offset, JinjaBoolean.True),
                    "false" or "False" => new LiteralExpression(token.Offset, JinjaBoolean.False),
                    "none" or "None" => new LiteralExpression(token.Offset, JinjaNone.Instance),
                    _ => new NameExpression(token.Offset, token.Value),
                };
            case TemplateTokenKind.OpenParen:
                if (TryAccept(TemplateTokenKind.CloseParen))
                {
                    return new ListExpression(token.Offset, [], IsTuple: true);
                }

                var inner = ParseExpressionSequence();
                Expect(TemplateTokenKind.CloseParen, "')'");
                return inner;
            case TemplateTokenKind.OpenBracket:
                var items = new List<TemplateExpression>();
                while (!TryAccept(TemplateTokenKind.CloseBracket))
                {
                    items.Add(ParseExpression());
                    if (!TryAccept(TemplateTokenKind.Comma))
                    {
                        Expect(TemplateTokenKind.CloseBracket, "',' or ']' in the list");
                        break;
                    }
                }

                return new ListExpression(token.Offset, items, IsTuple: false);
            case TemplateTokenKind.OpenBrace:
                var entries = new List<(TemplateExpression, TemplateExpression)>();
                while (!TryAccept(TemplateTokenKind.CloseBrace))
                {
                    var key = ParseExpression();
                    Expect(TemplateTokenKind.Colon, "':' between a key and its value");
                    entries.Add((key, ParseExpression()));
                    if (!TryAccept(TemplateTokenKind.Comma))
                    {
                        Expect(TemplateTokenKind.CloseBrace, "',' or '}' in the dict");
                        break;
                    }
                }

                return new DictExpression(token.Offset, entries);
            default:
                throw Error($"Unexpected {token} in an expression", token.Offset);
        }
    }
}
