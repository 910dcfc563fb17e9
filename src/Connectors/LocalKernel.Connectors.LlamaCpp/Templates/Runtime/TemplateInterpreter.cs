using System.Runtime.CompilerServices;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Executes a parsed template for one render. Not shared between renders: all per-render state (limits,
/// counters) lives here and in <see cref="TemplateRenderState"/>, so renders of the same template run concurrently.
/// </summary>
internal sealed partial class TemplateInterpreter(TemplateRenderState state)
{
    private int _loopControlOffset = -1;

    /// <summary>How a list of statements ended: normally, or at a <c>break</c>/<c>continue</c> for the enclosing loop.</summary>
    public enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public TemplateRenderState State { get; } = state;

    /// <summary>Renders a whole template body; a <c>break</c> or <c>continue</c> outside any loop is an error.</summary>
    public string Render(IReadOnlyList<TemplateStatement> body, TemplateScope scope)
    {
        var output = new StringBuilder();
        ExecuteOutsideLoop(body, scope, output);
        return output.ToString();
    }

    public Flow Execute(IReadOnlyList<TemplateStatement> statements, TemplateScope scope, StringBuilder output)
    {
        foreach (var statement in statements)
        {
            var flow = ExecuteStatement(statement, scope, output);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    private Flow ExecuteStatement(TemplateStatement statement, TemplateScope scope, StringBuilder output)
    {
        State.Step();
        try
        {
            switch (statement)
            {
                case TextStatement text:
                    Append(output, text.Text);
                    return Flow.Normal;
                case OutputStatement print:
                    var value = Evaluate(print.Expression, scope);
                    if (!value.IsNullish)
                    {
                        Append(output, TemplateValueFormatter.ToOutput(value, State.MaxOutputLength));
                    }

                    return Flow.Normal;
                case IfStatement @if:
                    return Execute(Evaluate(@if.Condition, scope).IsTruthy ? @if.Body : @if.Else, scope, output);
                case ForStatement @for:
                    ExecuteFor(@for, scope, output);
                    return Flow.Normal;
                case SetStatement set:
                    ExecuteSet(set, scope);
                    return Flow.Normal;
                case MacroStatement macro:
                    scope.Set(macro.Name, new JinjaCallable(macro.Name, (arguments, context) =>
                        InvokeMacro(macro.Name, macro.Parameters, macro.Body, macro.CatchesVarargs, macro.CatchesKwargs, arguments, new TemplateScope(context.Scope))));
                    return Flow.Normal;
                case CallBlockStatement call:
                    Append(output, TemplateValueFormatter.ToOutput(ExecuteCallBlock(call, scope), State.MaxOutputLength));
                    return Flow.Normal;
                case FilterBlockStatement filter:
                    var body = new JinjaString(Capture(filter.Body, scope));
                    var arguments = filter.Arguments is null ? null : EvaluateArguments(filter.Arguments, scope);
                    Append(output, TemplateValueFormatter.ToOutput(JinjaFilters.Apply(filter.Name, body, arguments, new TemplateCallContext(this, scope)), State.MaxOutputLength));
                    return Flow.Normal;
                case BreakStatement:
                    _loopControlOffset = statement.Offset;
                    return Flow.Break;
                case ContinueStatement:
                    _loopControlOffset = statement.Offset;
                    return Flow.Continue;
                default:
                    throw new TemplateRuntimeException($"Unsupported statement {statement.GetType().Name}");
            }
        }
        catch (TemplateRuntimeException error) when (Locate(error, statement.Offset))
        {
            throw; // never reached: Locate only records the position and lets the exception pass
        }
    }

    /// <summary>Records where an error happened, at the innermost node that sees it; never catches.</summary>
    private static bool Locate(TemplateRuntimeException error, int offset)
    {
        if (error.Offset < 0)
        {
            error.Offset = offset;
        }

        return false;
    }

    private void Append(StringBuilder output, string text)
    {
        State.CheckLength((long)output.Length + text.Length);
        output.Append(text);
    }

    /// <summary>Renders statements into a string of their own (a block <c>set</c>, a macro, a filter block).</summary>
    private string Capture(IReadOnlyList<TemplateStatement> statements, TemplateScope scope)
    {
        var output = new StringBuilder();
        ExecuteOutsideLoop(statements, scope, output);
        return output.ToString();
    }

    private void ExecuteOutsideLoop(IReadOnlyList<TemplateStatement> statements, TemplateScope scope, StringBuilder output)
    {
        var flow = Execute(statements, scope, output);
        if (flow != Flow.Normal)
        {
            throw new TemplateRuntimeException($"'{(flow == Flow.Break ? "break" : "continue")}' outside of a loop")
            {
                Offset = _loopControlOffset,
            };
        }
    }

    private void ExecuteFor(ForStatement @for, TemplateScope scope, StringBuilder output)
    {
        var loopScope = new TemplateScope(scope);
        var iterable = Evaluate(@for.Iterable, loopScope);
        var source = Iterate(iterable);
        var items = new List<JinjaValue>(source.Count);
        foreach (var item in source)
        {
            if (@for.Filter is null)
            {
                items.Add(item);
                continue;
            }

            State.Step();
            var filterScope = new TemplateScope(loopScope);
            Bind(@for, filterScope, item);
            if (Evaluate(@for.Filter, filterScope).IsTruthy)
            {
                items.Add(item);
            }
        }

        if (items.Count == 0)
        {
            ExecuteOutsideLoop(@for.Else, loopScope, output);
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            State.Step();
            loopScope.Set("loop", new JinjaLoop(items, i));
            Bind(@for, loopScope, items[i]);
            if (Execute(@for.Body, loopScope, output) == Flow.Break)
            {
                break;
            }
        }
    }

    /// <summary>The items a <c>for</c> visits: a snapshot, so a body that appends to the list does not loop forever.</summary>
    private static List<JinjaValue> Iterate(JinjaValue iterable) => iterable switch
    {
        JinjaList list => [.. list.Items],
        JinjaDict dict => [.. dict.Keys],
        JinjaString s => [.. JinjaStrings.CodePoints(s.Value).Select(c => (JinjaValue)new JinjaString(c))],
        JinjaUndefined => [],
        _ => throw new TemplateRuntimeException($"'{iterable.TypeName}' object is not iterable"),
    };

    private static void Bind(ForStatement @for, TemplateScope scope, JinjaValue item)
    {
        if (!@for.Unpack)
        {
            scope.Set(@for.Targets[0], item);
            return;
        }

        Unpack(@for.Targets, item, scope);
    }

    private static void Unpack(IReadOnlyList<string> names, JinjaValue value, TemplateScope scope)
    {
        if (value is not JinjaList list)
        {
            throw new TemplateRuntimeException($"Cannot unpack a '{value.TypeName}' into {names.Count} variables");
        }

        if (list.Count != names.Count)
        {
            throw new TemplateRuntimeException(
                $"Too {(list.Count < names.Count ? "few" : "many")} values to unpack (expected {names.Count}, got {list.Count})");
        }

        for (var i = 0; i < names.Count; i++)
        {
            scope.Set(names[i], list.Items[i]);
        }
    }

    private void ExecuteSet(SetStatement set, TemplateScope scope)
    {
        var value = set.Value is null ? new JinjaString(Capture(set.Body, scope)) : Evaluate(set.Value, scope);
        switch (set.Target)
        {
            case NameExpression name:
                scope.Set(name.Name, value);
                break;
            case ListExpression tuple:
                Unpack([.. tuple.Items.Cast<NameExpression>().Select(n => n.Name)], value, scope);
                break;
            case MemberExpression { Key: LiteralExpression { Value: JinjaString attribute } } member:
                if (Evaluate(member.Target, scope) is not JinjaNamespace ns)
                {
                    throw new TemplateRuntimeException("Only a namespace() object can have attributes assigned");
                }

                ns.Attributes[attribute.Value] = value;
                break;
        }
    }

    private JinjaValue ExecuteCallBlock(CallBlockStatement call, TemplateScope scope)
    {
        var caller = new JinjaCallable("caller", (arguments, _) =>
            InvokeMacro("caller", call.Parameters, call.Body, call.CatchesVarargs, call.CatchesKwargs, arguments, new TemplateScope(scope)));
        var macroArguments = EvaluateArguments(call.Call.Arguments, scope);
        if (Evaluate(call.Call.Callee, scope) is not JinjaCallable macro)
        {
            throw new TemplateRuntimeException("'call' needs a macro to call");
        }

        var callScope = new TemplateScope(scope);
        callScope.Set("caller", caller);
        return Invoke(macro, macroArguments, callScope);
    }

    /// <summary>
    /// Calls a macro. Its scope's parent is the caller's scope, as in the reference engine, so a macro also sees
    /// the variables of the place it is called from.
    /// </summary>
    private JinjaString InvokeMacro(
        string name,
        IReadOnlyList<TemplateParameter> parameters,
        IReadOnlyList<TemplateStatement> body,
        bool catchesVarargs,
        bool catchesKwargs,
        TemplateCallArguments arguments,
        TemplateScope scope)
    {
        if (State.CallDepth >= TemplateRenderState.MaxCallDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new TemplateRuntimeException(
                $"Macro calls nest deeper than {TemplateRenderState.MaxCallDepth} levels (runaway recursion in '{name}'?)",
                ChatTemplateErrorKind.LimitExceeded);
        }

        State.CallDepth++;
        try
        {
            BindParameters(name, parameters, catchesVarargs, catchesKwargs, arguments, scope);
            return new JinjaString(Capture(body, scope));
        }
        finally
        {
            State.CallDepth--;
        }
    }

    private void BindParameters(
        string name,
        IReadOnlyList<TemplateParameter> parameters,
        bool catchesVarargs,
        bool catchesKwargs,
        TemplateCallArguments arguments,
        TemplateScope scope)
    {
        var keywords = new List<KeyValuePair<string, JinjaValue>>(arguments.Keyword);
        var pendingDefaults = new List<TemplateParameter>();
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            JinjaValue? value = i < arguments.Positional.Count ? arguments.Positional[i] : null;
            if (value is null)
            {
                var index = keywords.FindIndex(k => k.Key == parameter.Name);
                if (index >= 0)
                {
                    value = keywords[index].Value;
                    keywords.RemoveAt(index);
                }
            }

            if (value is null && parameter.Default is not null)
            {
                pendingDefaults.Add(parameter);
            }

            scope.Set(parameter.Name, value ?? JinjaUndefined.Instance);
        }

        if (catchesKwargs)
        {
            scope.Set("kwargs", JinjaValue.FromDictionary(keywords!));
        }
        else if (keywords.Count > 0)
        {
            throw new TemplateRuntimeException($"Macro '{name}' takes no keyword argument '{keywords[0].Key}'");
        }

        var extra = arguments.Positional.Skip(parameters.Count).ToList();
        if (catchesVarargs)
        {
            scope.Set("varargs", new JinjaList(extra));
        }
        else if (extra.Count > 0)
        {
            throw new TemplateRuntimeException($"Macro '{name}' takes not more than {parameters.Count} argument(s)");
        }

        // Defaults are evaluated after every parameter is bound, so one default may use an earlier parameter.
        foreach (var parameter in pendingDefaults)
        {
            scope.Set(parameter.Name, Evaluate(parameter.Default!, scope));
        }
    }
}
