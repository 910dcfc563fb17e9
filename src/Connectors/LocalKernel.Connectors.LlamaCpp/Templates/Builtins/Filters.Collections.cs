namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Filters over lists and dicts.</summary>
internal static partial class Filters
{
    /// <summary>What a filter iterates: list items, dict keys, a string's characters; undefined is empty.</summary>
    public static List<JinjaValue> Iterate(JinjaValue value, string function) => value switch
    {
        ListValue list => list.Items,
        DictValue dict => [.. dict.Keys],
        StringValue s => [.. Strings.CodePoints(s.Value).Select(c => (JinjaValue)new StringValue(c))],
        UndefinedValue => [],
        _ => throw new TemplateRuntimeException($"{function}: '{value.TypeName}' object is not iterable"),
    };

    /// <summary>Key/value pairs of a dict, a namespace or a list of pairs (for <c>dict()</c>, <c>namespace()</c>, <c>update</c>).</summary>
    public static IEnumerable<KeyValuePair<JinjaValue, JinjaValue>> Pairs(JinjaValue value, string function) => value switch
    {
        DictValue dict => dict.Entries,
        NamespaceValue ns => ns.Attributes.Select(a => KeyValuePair.Create((JinjaValue)new StringValue(a.Key), a.Value)),
        ListValue list => list.Items.Select(item => item is ListValue { Count: 2 } pair
            ? KeyValuePair.Create(pair.Items[0], pair.Items[1])
            : throw new TemplateRuntimeException($"{function}: expected a mapping or a list of [key, value] pairs")),
        _ => throw new TemplateRuntimeException($"{function}: '{value.TypeName}' is not a mapping"),
    };

    public static ListValue DictSort(DictValue dict, CallArguments a)
    {
        var caseSensitive = a.Get(0, "case_sensitive", BooleanValue.False).IsTruthy;
        var by = Args.String(a.Get(1, "by", new StringValue("key")), "dictsort", "by");
        if (by is not ("key" or "value"))
        {
            throw new TemplateRuntimeException("dictsort(): 'by' must be 'key' or 'value'");
        }

        var reverse = a.Get(2, "reverse", BooleanValue.False).IsTruthy;
        var sorted = StableSort(
            [.. dict.Entries],
            (x, y) => Operators.Compare(by == "key" ? x.Key : x.Value, by == "key" ? y.Key : y.Value, caseSensitive) * (reverse ? -1 : 1));
        return new ListValue(sorted.Select(e => (JinjaValue)new ListValue([e.Key, e.Value])).ToList());
    }

    /// <summary>Looks up <c>attribute</c> (dotted for nested: <c>"function.name"</c>, numbers index lists).</summary>
    public static JinjaValue AttributePath(JinjaValue item, string path)
    {
        var value = item;
        foreach (var part in path.Split('.'))
        {
            value = value switch
            {
                DictValue or NamespaceValue => Members.Get(value, new StringValue(part)),
                ListValue when int.TryParse(part, out var index) && index >= 0 => Members.Get(value, new IntegerValue(index)),
                _ => UndefinedValue.Instance,
            };
            if (value is UndefinedValue)
            {
                break;
            }
        }

        return value;
    }

    private static JinjaValue ApplyCollectionFilter(string name, JinjaValue operand, CallArguments a, CallContext context)
    {
        // Jinja's select family and map skip a falsy sequence ("if seq: for item in seq"), so none filters to nothing.
        if (operand is NoneValue && name is "selectattr" or "rejectattr" or "select" or "reject" or "map")
        {
            return new ListValue([]);
        }

        switch (name)
        {
            case "first":
                return Iterate(operand, name) is { Count: > 0 } firstItems ? firstItems[0] : UndefinedValue.Instance;
            case "last":
                return Iterate(operand, name) is { Count: > 0 } lastItems ? lastItems[^1] : UndefinedValue.Instance;
            case "join":
                return Join(operand, a, context.State);
            case "list":
                return new ListValue([.. Iterate(operand, name)]);
            case "items":
                return operand switch
                {
                    DictValue dict => DictMethods.Items(dict),
                    UndefinedValue => new ListValue([]),
                    _ => new ListValue(Pairs(operand, name).Select(p => (JinjaValue)new ListValue([p.Key, p.Value])).ToList()),
                };
            case "reverse":
                return operand is StringValue text ? new StringValue(Strings.Reverse(text.Value)) : new ListValue(Enumerable.Reverse(Iterate(operand, name)).ToList());
            case "unique":
                var unique = new List<JinjaValue>();
                foreach (var item in Iterate(operand, name))
                {
                    if (!unique.Exists(seen => Operators.StrictEquals(seen, item)))
                    {
                        unique.Add(item);
                    }
                }

                return new ListValue(unique);
            case "sort":
                return Sort(operand, a);
            case "dictsort":
                return operand is DictValue sortable ? DictSort(sortable, a) : throw new TemplateRuntimeException($"dictsort needs a dict, not '{operand.TypeName}'");
            case "selectattr" or "rejectattr":
                return SelectAttribute(operand, a, select: name == "selectattr", context);
            case "select" or "reject":
                return Select(operand, a, select: name == "select", context);
            case "map":
                return Map(operand, a, context);
            case "batch":
                return Batch(operand, a, context.State);
            case "min" or "max":
                return MinMax(operand, a, name == "max");
            case "sum":
                return Sum(operand, a, context.State);
            default:
                throw new TemplateRuntimeException($"No filter named '{name}'");
        }
    }

    private static StringValue Join(JinjaValue operand, CallArguments a, RenderState state)
    {
        var separator = Filters.ToText(a.Get(0, "d", StringValue.Empty), state.MaxOutputLength);
        var attribute = Args.OptionalString(a.Get(1, "attribute", NoneValue.Instance), "join", "attribute");
        var items = Iterate(operand, "join").Select(item => attribute is null ? item : AttributePath(item, attribute));

        // JavaScript's Array.join, which the reference uses: none and undefined join as empty, 2.0 as "2".
        var text = string.Join(separator, items.Select(item => item.IsNullish ? string.Empty : ValueFormatter.ToConcat(item, state.MaxOutputLength)));
        state.CheckLength(text.Length);
        return new StringValue(text);
    }

    private static ListValue Sort(JinjaValue operand, CallArguments a)
    {
        var reverse = a.Get(0, "reverse", BooleanValue.False).IsTruthy;
        var caseSensitive = a.Get(1, "case_sensitive", BooleanValue.False).IsTruthy;
        var attribute = a.Get(2, "attribute", NoneValue.Instance) switch
        {
            StringValue s => s.Value,
            IntegerValue i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        JinjaValue Key(JinjaValue item) => attribute is null ? item : AttributePath(item, attribute);
        return new ListValue(StableSort(Iterate(operand, "sort"), (x, y) => Operators.Compare(Key(x), Key(y), caseSensitive) * (reverse ? -1 : 1)));
    }

    private static List<T> StableSort<T>(List<T> items, Comparison<T> comparison)
    {
        var indexed = items.Select((item, index) => (item, index)).ToList();
        indexed.Sort((x, y) => comparison(x.item, y.item) is var order && order != 0 ? order : x.index.CompareTo(y.index));
        return indexed.ConvertAll(x => x.item);
    }

    /// <summary>
    /// <c>selectattr</c>/<c>rejectattr</c>, as the reference engine has them: an item without the attribute never
    /// passes the test (so <c>rejectattr</c> keeps it).
    /// </summary>
    private static ListValue SelectAttribute(JinjaValue operand, CallArguments a, bool select, CallContext context)
    {
        var attribute = Args.String(a.Get(0, "attribute", UndefinedValue.Instance), select ? "selectattr" : "rejectattr", "attribute");
        var test = a.Positional.Count > 1 ? Args.String(a.Positional[1], "selectattr", "test") : null;
        var testArguments = new CallArguments([.. a.Positional.Skip(2)], a.Keyword);
        var result = new List<JinjaValue>();
        foreach (var item in Iterate(operand, "selectattr"))
        {
            context.State.Step();
            var value = AttributePath(item, attribute);
            var passed = value is not UndefinedValue &&
                (test is null ? value.IsTruthy : Tests.Apply(test, value, testArguments, context));
            if (passed == select)
            {
                result.Add(item);
            }
        }

        return new ListValue(result);
    }

    private static ListValue Select(JinjaValue operand, CallArguments a, bool select, CallContext context)
    {
        var test = a.Positional.Count > 0 ? Args.String(a.Positional[0], "select", "test") : null;
        var testArguments = new CallArguments([.. a.Positional.Skip(1)], a.Keyword);
        var result = new List<JinjaValue>();
        foreach (var item in Iterate(operand, "select"))
        {
            context.State.Step();
            var passed = test is null ? item.IsTruthy : Tests.Apply(test, item, testArguments, context);
            if (passed == select)
            {
                result.Add(item);
            }
        }

        return new ListValue(result);
    }

    private static ListValue Map(JinjaValue operand, CallArguments a, CallContext context)
    {
        var items = Iterate(operand, "map");
        if (a.Has(-1, "attribute"))
        {
            var attribute = Args.String(a.Get(-1, "attribute", UndefinedValue.Instance), "map", "attribute");
            var fallback = a.Get(-1, "default", UndefinedValue.Instance);
            return new ListValue(items.Select(item => AttributePath(item, attribute) is var v && v is UndefinedValue ? fallback : v).ToList());
        }

        if (a.Positional.Count == 0)
        {
            throw new TemplateRuntimeException("map needs a filter name or attribute=...");
        }

        var filter = Args.String(a.Positional[0], "map", "filter");
        var filterArguments = new CallArguments([.. a.Positional.Skip(1)], a.Keyword);
        return new ListValue(items.Select(item => Apply(filter, item, filterArguments, context)).ToList());
    }

    private static ListValue Batch(JinjaValue operand, CallArguments a, RenderState state)
    {
        var size = Args.Integer(a.Get(0, "linecount", UndefinedValue.Instance), "batch", "linecount");
        if (size <= 0)
        {
            throw new TemplateRuntimeException("batch(): 'linecount' must be positive");
        }

        var fill = a.Get(1, "fill_with", NoneValue.Instance);
        var batches = new List<JinjaValue>();
        foreach (var chunk in Iterate(operand, "batch").Chunk((int)Math.Min(size, int.MaxValue)))
        {
            var row = chunk.ToList();
            while (!fill.IsNullish && row.Count < size)
            {
                state.CheckLength(row.Count + 1L);
                row.Add(fill);
            }

            batches.Add(new ListValue(row));
        }

        return new ListValue(batches);
    }

    private static JinjaValue MinMax(JinjaValue operand, CallArguments a, bool max)
    {
        var caseSensitive = a.Get(0, "case_sensitive", BooleanValue.False).IsTruthy;
        var attribute = Args.OptionalString(a.Get(1, "attribute", NoneValue.Instance), max ? "max" : "min", "attribute");
        JinjaValue? best = null;
        foreach (var item in Iterate(operand, max ? "max" : "min"))
        {
            var key = attribute is null ? item : AttributePath(item, attribute);
            var bestKey = best is null ? null : attribute is null ? best : AttributePath(best, attribute);
            if (bestKey is null || (Operators.Compare(key, bestKey, caseSensitive) is var order && (max ? order > 0 : order < 0)))
            {
                best = item;
            }
        }

        return best ?? UndefinedValue.Instance;
    }

    private static JinjaValue Sum(JinjaValue operand, CallArguments a, RenderState state)
    {
        var attribute = Args.OptionalString(a.Get(0, "attribute", NoneValue.Instance), "sum", "attribute");
        var total = a.Get(1, "start", new IntegerValue(0));
        foreach (var item in Iterate(operand, "sum"))
        {
            total = Operators.Binary("+", total, attribute is null ? item : AttributePath(item, attribute), state);
        }

        return total;
    }
}
