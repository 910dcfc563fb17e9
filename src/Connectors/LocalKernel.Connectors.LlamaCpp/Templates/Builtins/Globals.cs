namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The global functions every template sees: <c>range</c>, <c>namespace</c>, <c>dict</c>, <c>raise_exception</c>, <c>strftime_now</c>.</summary>
internal static class Globals
{
    public static void AddTo(Scope scope)
    {
        scope.Set("range", new CallableValue("range", Range));
        scope.Set("namespace", new CallableValue("namespace", Namespace));
        scope.Set("dict", new CallableValue("dict", Dict));
        scope.Set("raise_exception", new CallableValue("raise_exception", RaiseException));
        scope.Set("strftime_now", new CallableValue("strftime_now", StrftimeNow));
    }

    private static ListValue Range(CallArguments arguments, CallContext context)
    {
        if (arguments.Positional.Count is < 1 or > 3)
        {
            throw new TemplateRuntimeException($"range expected 1 to 3 arguments, got {arguments.Positional.Count}");
        }

        var values = arguments.Positional.Select(v => Args.Integer(v, "range", "bound")).ToArray();
        var (start, stop) = values.Length == 1 ? (0, values[0]) : (values[0], values[1]);
        var step = values.Length == 3 ? values[2] : 1;
        if (step == 0)
        {
            throw new TemplateRuntimeException("range() step must not be zero");
        }

        var count = step > 0
            ? (stop > start ? ((double)stop - start + step - 1) / step : 0)
            : (start > stop ? ((double)start - stop - step - 1) / -step : 0);
        context.State.CheckLength((long)Math.Floor(count));
        var items = new List<JinjaValue>((int)Math.Floor(count));
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            items.Add(new IntegerValue(i));
        }

        return new ListValue(items);
    }

    private static NamespaceValue Namespace(CallArguments arguments, CallContext context)
    {
        if (arguments.Positional.Count > 1)
        {
            throw new TemplateRuntimeException($"namespace expected at most 1 positional argument, got {arguments.Positional.Count}");
        }

        var ns = new NamespaceValue();
        if (arguments.Positional.Count == 1)
        {
            foreach (var (key, value) in Filters.Pairs(arguments.Positional[0], "namespace"))
            {
                ns.Attributes[key is StringValue s ? s.Value : throw new TemplateRuntimeException("namespace keys must be strings")] = value;
            }
        }

        foreach (var (key, value) in arguments.Keyword)
        {
            ns.Attributes[key] = value;
        }

        return ns;
    }

    private static DictValue Dict(CallArguments arguments, CallContext context)
    {
        var dict = new DictValue();
        foreach (var positional in arguments.Positional)
        {
            foreach (var (key, value) in Filters.Pairs(positional, "dict"))
            {
                dict.Set(key, value);
            }
        }

        foreach (var (key, value) in arguments.Keyword)
        {
            dict.Set(key, value);
        }

        return dict;
    }

    private static JinjaValue RaiseException(CallArguments arguments, CallContext context)
    {
        var message = string.Join(",", arguments.Positional.Select(v => Filters.ToText(v, context.State.MaxOutputLength)));
        throw new TemplateRuntimeException(message, ChatTemplateErrorKind.RaisedByTemplate);
    }

    private static StringValue StrftimeNow(CallArguments arguments, CallContext context)
    {
        var format = Args.String(arguments.Get(0, "format", UndefinedValue.Instance), "strftime_now", "format");
        return new StringValue(Strftime.Format(context.State.Clock.GetLocalNow(), format));
    }
}
