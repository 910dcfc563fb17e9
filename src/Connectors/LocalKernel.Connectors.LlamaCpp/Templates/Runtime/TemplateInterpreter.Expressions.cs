namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Expression evaluation.</summary>
internal sealed partial class TemplateInterpreter
{
    public JinjaValue Evaluate(Expression expression, Scope scope)
    {
        try
        {
            return expression switch
            {
                LiteralExpression literal => literal.Value,
                NameExpression name => scope.Lookup(name.Name),
                ListExpression list => EvaluateList(list, scope),
                DictExpression dict => EvaluateDict(dict, scope),
                MemberExpression member => Members.Get(Evaluate(member.Target, scope), Evaluate(member.Key, scope)),
                SliceExpression slice => Slicing.Slice(
                    Evaluate(slice.Target, scope),
                    EvaluateOptional(slice.Start, scope),
                    EvaluateOptional(slice.Stop, scope),
                    EvaluateOptional(slice.Step, scope)),
                CallExpression call => EvaluateCall(call, scope),
                FilterExpression filter => Filters.Apply(
                    filter.Name,
                    Evaluate(filter.Operand, scope),
                    filter.Arguments is null ? null : EvaluateArguments(filter.Arguments, scope),
                    new CallContext(this, scope)),
                TestExpression test => BooleanValue.Of(
                    Tests.Apply(test.Name, Evaluate(test.Operand, scope), EvaluateArguments(test.Arguments, scope), new CallContext(this, scope))
                    != test.Negated),
                UnaryExpression unary => EvaluateUnary(unary, scope),
                BinaryExpression binary => EvaluateBinary(binary, scope),
                ConditionalExpression conditional => Evaluate(conditional.Condition, scope).IsTruthy
                    ? Evaluate(conditional.Then, scope)
                    : conditional.Otherwise is null ? UndefinedValue.Instance : Evaluate(conditional.Otherwise, scope),
                _ => throw new TemplateRuntimeException($"Unsupported expression {expression.GetType().Name}"),
            };
        }
        catch (TemplateRuntimeException error) when (Locate(error, expression.Offset))
        {
            throw; // never reached: Locate only records the position and lets the exception pass
        }
    }

    public CallArguments EvaluateArguments(IReadOnlyList<Argument> arguments, Scope scope)
    {
        if (arguments.Count == 0)
        {
            return CallArguments.Empty;
        }

        var positional = new List<JinjaValue>();
        var keyword = new List<KeyValuePair<string, JinjaValue>>();
        foreach (var argument in arguments)
        {
            var value = Evaluate(argument.Value, scope);
            switch (argument.Kind)
            {
                case ArgumentKind.Positional:
                    positional.Add(value);
                    break;
                case ArgumentKind.Spread:
                    positional.AddRange(value is ListValue list
                        ? list.Items
                        : throw new TemplateRuntimeException($"Argument after * must be a list, not '{value.TypeName}'"));
                    break;
                case ArgumentKind.Keyword:
                    AddKeyword(keyword, argument.Name!, value);
                    break;
                case ArgumentKind.KeywordSpread:
                    if (value is not DictValue dict)
                    {
                        throw new TemplateRuntimeException($"Argument after ** must be a mapping, not '{value.TypeName}'");
                    }

                    foreach (var (key, item) in dict.Entries)
                    {
                        AddKeyword(keyword, key is StringValue s ? s.Value : throw new TemplateRuntimeException("Keywords must be strings"), item);
                    }

                    break;
            }
        }

        return new CallArguments(positional, keyword);
    }

    private static void AddKeyword(List<KeyValuePair<string, JinjaValue>> keyword, string name, JinjaValue value)
    {
        if (keyword.Exists(k => k.Key == name))
        {
            throw new TemplateRuntimeException($"Got multiple values for keyword argument '{name}'");
        }

        keyword.Add(KeyValuePair.Create(name, value));
    }

    private JinjaValue? EvaluateOptional(Expression? expression, Scope scope) =>
        expression is null ? null : Evaluate(expression, scope);

    private ListValue EvaluateList(ListExpression list, Scope scope)
    {
        var items = new List<JinjaValue>(list.Items.Count);
        foreach (var item in list.Items)
        {
            items.Add(Evaluate(item, scope));
        }

        return new ListValue(items, list.IsTuple);
    }

    private DictValue EvaluateDict(DictExpression dict, Scope scope)
    {
        var result = new DictValue();
        foreach (var (keyExpression, valueExpression) in dict.Entries)
        {
            var key = Evaluate(keyExpression, scope);
            if (key is not (StringValue or IntegerValue or FloatValue or BooleanValue or NoneValue))
            {
                throw new TemplateRuntimeException($"Unhashable type as a dict key: '{key.TypeName}'");
            }

            result.Set(key, Evaluate(valueExpression, scope));
        }

        return result;
    }

    private JinjaValue EvaluateCall(CallExpression call, Scope scope)
    {
        var callee = Evaluate(call.Callee, scope);
        var arguments = EvaluateArguments(call.Arguments, scope);
        if (callee is not CallableValue function)
        {
            var what = call.Callee switch
            {
                NameExpression name => $"'{name.Name}'",
                MemberExpression { Key: LiteralExpression { Value: StringValue key } } => $"'{key.Value}'",
                _ => "The expression",
            };
            throw new TemplateRuntimeException(callee is UndefinedValue
                ? $"{what} is undefined, so it cannot be called"
                : $"{what} is a '{callee.TypeName}', which cannot be called");
        }

        return Invoke(function, arguments, scope);
    }

    private JinjaValue Invoke(CallableValue function, CallArguments arguments, Scope scope)
    {
        State.Step();
        return function.Invoke(arguments, new CallContext(this, scope));
    }

    private JinjaValue EvaluateUnary(UnaryExpression unary, Scope scope)
    {
        var operand = Evaluate(unary.Operand, scope);
        if (unary.Operator == "not")
        {
            return BooleanValue.Of(!operand.IsTruthy);
        }

        var sign = unary.Operator == "-" ? -1 : 1;
        return operand switch
        {
            IntegerValue i when i.Value != long.MinValue => new IntegerValue(sign * i.Value),
            FloatValue f => new FloatValue(sign * f.Value),
            BooleanValue b => new IntegerValue(sign * (b.Value ? 1 : 0)),
            IntegerValue i => new FloatValue(sign * (double)i.Value),
            _ => throw new TemplateRuntimeException($"Bad operand type for unary {unary.Operator}: '{operand.TypeName}'"),
        };
    }

    private JinjaValue EvaluateBinary(BinaryExpression binary, Scope scope)
    {
        var left = Evaluate(binary.Left, scope);
        switch (binary.Operator)
        {
            case "and":
                return left.IsTruthy ? Evaluate(binary.Right, scope) : left;
            case "or":
                return left.IsTruthy ? left : Evaluate(binary.Right, scope);
            default:
                return Operators.Binary(binary.Operator, left, Evaluate(binary.Right, scope), State);
        }
    }
}
