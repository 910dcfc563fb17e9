namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The global functions every template sees: <c>range</c>, <c>namespace</c>, <c>dict</c>, <c>raise_exception</c>, <c>strftime_now</c>.</summary>
internal static class JinjaGlobals
{
    public static void AddTo(TemplateScope scope)
    {
        scope.Set("range", new JinjaCallable("range", Range));
        scope.Set("namespace", new JinjaCallable("namespace", Namespace));
        scope.Set("dict", new JinjaCallable("dict", Dict));
        scope.Set("raise_exception", new JinjaCallable("raise_exception", RaiseException));
        scope.Set("strftime_now", new JinjaCallable("strftime_now", StrftimeNow));
    }

    private static JinjaList Range(TemplateCallArguments arguments, TemplateCallContext context)
    {
        if (arguments.Positional.Count is < 1 or > 3)
        {
            throw new TemplateRuntimeException($"range expected 1 to 3 arguments, got {arguments.Positional.Count}");
        }

        var values = arguments.Positional.Select(v => JinjaArgs.Integer(v, "range", "bound")).ToArray();
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
            items.Add(new JinjaInteger(i));
        }

        return new JinjaList(items);
    }

    private static JinjaNamespace Namespace(TemplateCallArguments arguments, TemplateCallContext context)
    {
        if (arguments.Positional.Count > 1)
        {
            throw new TemplateRuntimeException($"namespace expected at most 1 positional argument, got {arguments.Positional.Count}");
        }

        var ns = new JinjaNamespace();
        if (arguments.Positional.Count == 1)
        {
            foreach (var (key, value) in JinjaFilters.Pairs(arguments.Positional[0], "namespace"))
            {
                ns.Attributes[key is JinjaString s ? s.Value : throw new TemplateRuntimeException("namespace keys must be strings")] = value;
            }
        }

        foreach (var (key, value) in arguments.Keyword)
        {
            ns.Attributes[key] = value;
        }

        return ns;
    }

    private static JinjaDict Dict(TemplateCallArguments arguments, TemplateCallContext context)
    {
        var dict = new JinjaDict();
        foreach (var positional in arguments.Positional)
        {
            foreach (var (key, value) in JinjaFilters.Pairs(positional, "dict"))
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

    private static JinjaValue RaiseException(TemplateCallArguments arguments, TemplateCallContext context)
    {
        var message = string.Join(",", arguments.Positional.Select(v => JinjaFilters.ToText(v, context.State.MaxOutputLength)));
        throw new TemplateRuntimeException(message, ChatTemplateErrorKind.RaisedByTemplate);
    }

    private static JinjaString StrftimeNow(TemplateCallArguments arguments, TemplateCallContext context)
    {
        var format = JinjaArgs.String(arguments.Get(0, "format", JinjaUndefined.Instance), "strftime_now", "format");
        return new JinjaString(JinjaStrftime.Format(context.State.Clock.GetLocalNow(), format));
    }
}
