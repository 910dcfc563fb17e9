namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Expression evaluation.</summary>
internal sealed partial class TemplateInterpreter
{
    public JinjaValue Evaluate(TemplateExpression expression, TemplateScope scope)
    {
        try
        {
            return expression switch
            {
                LiteralExpression literal => literal.Value,
                NameExpression name => scope.Lookup(name.Name),
                ListExpression list => EvaluateList(list, scope),
                DictExpression dict => EvaluateDict(dict, scope),
                MemberExpression member => JinjaMembers.Get(Evaluate(member.Target, scope), Evaluate(member.Key, scope)),
                SliceExpression slice => JinjaSlicing.Slice(
                    Evaluate(slice.Target, scope),
                    EvaluateOptional(slice.Start, scope),
                    EvaluateOptional(slice.Stop, scope),
                    EvaluateOptional(slice.Step, scope)),
                CallExpression call => EvaluateCall(call, scope),
                FilterExpression filter => JinjaFilters.Apply(
                    filter.Name,
                    Evaluate(filter.Operand, scope),
                    filter.Arguments is null ? null : EvaluateArguments(filter.Arguments, scope),
                    new TemplateCallContext(this, scope)),
                TestExpression test => JinjaBoolean.Of(
                    JinjaTests.Apply(test.Name, Evaluate(test.Operand, scope), EvaluateArguments(test.Arguments, scope), new TemplateCallContext(this, scope))
                    != test.Negated),
                UnaryExpression unary => EvaluateUnary(unary, scope),
                BinaryExpression binary => EvaluateBinary(binary, scope),
                ConditionalExpression conditional => Evaluate(conditional.Condition, scope).IsTruthy
                    ? Evaluate(conditional.Then, scope)
                    : conditional.Otherwise is null ? JinjaUndefined.Instance : Evaluate(conditional.Otherwise, scope),
                _ => throw new TemplateRuntimeException($"Unsupported expression {expression.GetType().Name}"),
            };
        }
        catch (TemplateRuntimeException error) when (Locate(error, expression.Offset))
        {
            throw; // never reached: Locate only records the position and lets the exception pass
        }
    }

    public TemplateCallArguments EvaluateArguments(IReadOnlyList<TemplateArgument> arguments, TemplateScope scope)
    {
        if (arguments.Count == 0)
        {
            return TemplateCallArguments.Empty;
        }

        var positional = new List<JinjaValue>();
        var keyword = new List<KeyValuePair<string, JinjaValue>>();
        foreach (var argument in arguments)
        {
            var value = Evaluate(argument.Value, scope);
            switch (argument.Kind)
            {
                case TemplateArgumentKind.Positional:
                    positional.Add(value);
                    break;
                case TemplateArgumentKind.Spread:
                    positional.AddRange(value is JinjaList list
                        ? list.Items
                        : throw new TemplateRuntimeException($"Argument after * must be a list, not '{value.TypeName}'"));
                    break;
                case TemplateArgumentKind.Keyword:
                    AddKeyword(keyword, argument.Name!, value);
                    break;
                case TemplateArgumentKind.KeywordSpread:
                    if (value is not JinjaDict dict)
                    {
                        throw new TemplateRuntimeException($"Argument after ** must be a mapping, not '{value.TypeName}'");
                    }

                    foreach (var (key, item) in dict.Entries)
                    {
                        AddKeyword(keyword, key is JinjaString s ? s.Value : throw new TemplateRuntimeException("Keywords must be strings"), item);
                    }

                    break;
            }
        }

        return new TemplateCallArguments(positional, keyword);
    }

    private static void AddKeyword(List<KeyValuePair<string, JinjaValue>> keyword, string name, JinjaValue value)
    {
        if (keyword.Exists(k => k.Key == name))
        {
            throw new TemplateRuntimeException($"Got multiple values for keyword argument '{name}'");
        }

        keyword.Add(KeyValuePair.Create(name, value));
    }

    private JinjaValue? EvaluateOptional(TemplateExpression? expression, TemplateScope scope) =>
        expression is null ? null : Evaluate(expression, scope);

    private JinjaList EvaluateList(ListExpression list, TemplateScope scope)
    {
        var items = new List<JinjaValue>(list.Items.Count);
        foreach (var item in list.Items)
        {
            items.Add(Evaluate(item, scope));
        }

        return new JinjaList(items, list.IsTuple);
    }

    private JinjaDict EvaluateDict(DictExpression dict, TemplateScope scope)
    {
        var result = new JinjaDict();
        foreach (var (keyExpression, valueExpression) in dict.Entries)
        {
            var key = Evaluate(keyExpression, scope);
            if (key is not (JinjaString or JinjaInteger or JinjaFloat or JinjaBoolean or JinjaNone))
            {
                throw new TemplateRuntimeException($"Unhashable type as a dict key: '{key.TypeName}'");
            }

            result.Set(key, Evaluate(valueExpression, scope));
        }

        return result;
    }

    private JinjaValue EvaluateCall(CallExpression call, TemplateScope scope)
    {
        var callee = Evaluate(call.Callee, scope);
        var arguments = EvaluateArguments(call.Arguments, scope);
        if (callee is not JinjaCallable function)
        {
            var what = call.Callee switch
            {
                NameExpression name => $"'{name.Name}'",
                MemberExpression { Key: LiteralExpression { Value: JinjaString key } } => $"'{key.Value}'",
                _ => "The expression",
            };
            throw new TemplateRuntimeException(callee is JinjaUndefined
                ? $"{what} is undefined, so it cannot be called"
                : $"{what} is a '{callee.TypeName}', which cannot be called");
        }

        return Invoke(function, arguments, scope);
    }

    private JinjaValue Invoke(JinjaCallable function, TemplateCallArguments arguments, TemplateScope scope)
    {
        State.Step();
        return function.Invoke(arguments, new TemplateCallContext(this, scope));
    }

    private JinjaValue EvaluateUnary(UnaryExpression unary, TemplateScope scope)
    {
        var operand = Evaluate(unary.Operand, scope);
        if (unary.Operator == "not")
        {
            return JinjaBoolean.Of(!operand.IsTruthy);
        }

        var sign = unary.Operator == "-" ? -1 : 1;
        return operand switch
        {
            JinjaInteger i when i.Value != long.MinValue => new JinjaInteger(sign * i.Value),
            JinjaFloat f => new JinjaFloat(sign * f.Value),
            JinjaBoolean b => new JinjaInteger(sign * (b.Value ? 1 : 0)),
            JinjaInteger i => new JinjaFloat(sign * (double)i.Value),
            _ => throw new TemplateRuntimeException($"Bad operand type for unary {unary.Operator}: '{operand.TypeName}'"),
        };
    }

    private JinjaValue EvaluateBinary(BinaryExpression binary, TemplateScope scope)
    {
        var left = Evaluate(binary.Left, scope);
        switch (binary.Operator)
        {
            case "and":
                return left.IsTruthy ? Evaluate(binary.Right, scope) : left;
            case "or":
                return left.IsTruthy ? left : Evaluate(binary.Right, scope);
            default:
                return JinjaOperators.Binary(binary.Operator, left, Evaluate(binary.Right, scope), State);
        }
    }
}
