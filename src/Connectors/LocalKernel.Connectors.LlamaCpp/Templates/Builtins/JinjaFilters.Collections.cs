namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Filters over lists and dicts.</summary>
internal static partial class JinjaFilters
{
    /// <summary>What a filter iterates: list items, dict keys, a string's characters; undefined is empty.</summary>
    public static List<JinjaValue> Iterate(JinjaValue value, string function) => value switch
    {
        JinjaLoop loop => [.. loop.ToDict().Keys],
        JinjaList list => list.Items,
        JinjaDict dict => [.. dict.Keys],
        JinjaString s => [.. JinjaStrings.CodePoints(s.Value).Select(c => (JinjaValue)new JinjaString(c))],
        JinjaUndefined => [],
        _ => throw new TemplateRuntimeException($"{function}: '{value.TypeName}' object is not iterable"),
    };

    /// <summary>Key/value pairs of a dict, a namespace or a list of pairs (for <c>dict()</c>, <c>namespace()</c>, <c>update</c>).</summary>
    public static IEnumerable<KeyValuePair<JinjaValue, JinjaValue>> Pairs(JinjaValue value, string function) => value switch
    {
        JinjaDict dict => dict.Entries,
        JinjaLoop loop => loop.ToDict().Entries,
        JinjaNamespace ns => ns.Attributes.Select(a => KeyValuePair.Create((JinjaValue)new JinjaString(a.Key), a.Value)),
        JinjaList list => list.Items.Select(item => item is JinjaList { Count: 2 } pair
            ? KeyValuePair.Create(pair.Items[0], pair.Items[1])
            : throw new TemplateRuntimeException($"{function}: expected a mapping or a list of [key, value] pairs")),
        _ => throw new TemplateRuntimeException($"{function}: '{value.TypeName}' is not a mapping"),
    };

    public static JinjaList DictSort(JinjaDict dict, TemplateCallArguments a)
    {
        var caseSensitive = a.Get(0, "case_sensitive", JinjaBoolean.False).IsTruthy;
        var by = JinjaArgs.String(a.Get(1, "by", new JinjaString("key")), "dictsort", "by");
        if (by is not ("key" or "value"))
        {
            throw new TemplateRuntimeException("dictsort(): 'by' must be 'key' or 'value'");
        }

        var reverse = a.Get(2, "reverse", JinjaBoolean.False).IsTruthy;
        var sorted = StableSort(
            [.. dict.Entries],
            (x, y) => JinjaOperators.Compare(by == "key" ? x.Key : x.Value, by == "key" ? y.Key : y.Value, caseSensitive) * (reverse ? -1 : 1));
        return new JinjaList(sorted.Select(e => (JinjaValue)new JinjaList([e.Key, e.Value])).ToList());
    }

    /// <summary>Looks up <c>attribute</c> (dotted for nested: <c>"function.name"</c>, numbers index lists).</summary>
    public static JinjaValue AttributePath(JinjaValue item, string path)
    {
        var value = item;
        foreach (var part in path.Split('.'))
        {
            value = value switch
            {
                JinjaDict or JinjaNamespace => JinjaMembers.Get(value, new JinjaString(part)),
                JinjaList when int.TryParse(part, out var index) && index >= 0 => JinjaMembers.Get(value, new JinjaInteger(index)),
                _ => JinjaUndefined.Instance,
            };
            if (value is JinjaUndefined)
            {
                break;
            }
        }

        return value;
    }

    private static JinjaValue ApplyCollectionFilter(string name, JinjaValue operand, TemplateCallArguments a, TemplateCallContext context)
    {
        // Jinja's select family and map skip a falsy sequence ("if seq: for item in seq"), so none filters to nothing.
        if (operand is JinjaNone && name is "selectattr" or "rejectattr" or "select" or "reject" or "map")
        {
            return new JinjaList([]);
        }

        switch (name)
        {
            case "first":
                return Iterate(operand, name) is { Count: > 0 } firstItems ? firstItems[0] : JinjaUndefined.Instance;
            case "last":
                return Iterate(operand, name) is { Count: > 0 } lastItems ? lastItems[^1] : JinjaUndefined.Instance;
            case "join":
                return Join(operand, a, context.State);
            case "list":
                return new JinjaList([.. Iterate(operand, name)]);
            case "items":
                return operand switch
                {
                    JinjaDict dict => JinjaDictMethods.Items(dict),
                    JinjaUndefined => new JinjaList([]),
                    _ => new JinjaList(Pairs(operand, name).Select(p => (JinjaValue)new JinjaList([p.Key, p.Value])).ToList()),
                };
            case "reverse":
                return operand is JinjaString text ? new JinjaString(JinjaStrings.Reverse(text.Value)) : new JinjaList(Enumerable.Reverse(Iterate(operand, name)).ToList());
            case "unique":
                var unique = new List<JinjaValue>();
                foreach (var item in Iterate(operand, name))
                {
                    if (!unique.Exists(seen => JinjaOperators.StrictEquals(seen, item)))
                    {
                        unique.Add(item);
                    }
                }

                return new JinjaList(unique);
            case "sort":
                return Sort(operand, a);
            case "dictsort":
                return operand is JinjaDict sortable ? DictSort(sortable, a) : throw new TemplateRuntimeException($"dictsort needs a dict, not '{operand.TypeName}'");
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

    private static JinjaString Join(JinjaValue operand, TemplateCallArguments a, TemplateRenderState state)
    {
        var separator = JinjaFilters.ToText(a.Get(0, "d", JinjaString.Empty), state.MaxOutputLength);
        var attribute = JinjaArgs.OptionalString(a.Get(1, "attribute", JinjaNone.Instance), "join", "attribute");
        var items = Iterate(operand, "join").Select(item => attribute is null ? item : AttributePath(item, attribute));

        // JavaScript's Array.join, which the reference uses: none and undefined join as empty, 2.0 as "2".
        var text = string.Join(separator, items.Select(item => item.IsNullish ? string.Empty : TemplateValueFormatter.ToConcat(item, state.MaxOutputLength)));
        state.CheckLength(text.Length);
        return new JinjaString(text);
    }

    private static JinjaList Sort(JinjaValue operand, TemplateCallArguments a)
    {
        var reverse = a.Get(0, "reverse", JinjaBoolean.False).IsTruthy;
        var caseSensitive = a.Get(1, "case_sensitive", JinjaBoolean.False).IsTruthy;
        var attribute = a.Get(2, "attribute", JinjaNone.Instance) switch
        {
            JinjaString s => s.Value,
            JinjaInteger i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        JinjaValue Key(JinjaValue item) => attribute is null ? item : AttributePath(item, attribute);
        return new JinjaList(StableSort(Iterate(operand, "sort"), (x, y) => JinjaOperators.Compare(Key(x), Key(y), caseSensitive) * (reverse ? -1 : 1)));
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
    private static JinjaList SelectAttribute(JinjaValue operand, TemplateCallArguments a, bool select, TemplateCallContext context)
    {
        var attribute = JinjaArgs.String(a.Get(0, "attribute", JinjaUndefined.Instance), select ? "selectattr" : "rejectattr", "attribute");
        var test = a.Positional.Count > 1 ? JinjaArgs.String(a.Positional[1], "selectattr", "test") : null;
        var testArguments = new TemplateCallArguments([.. a.Positional.Skip(2)], a.Keyword);
        var result = new List<JinjaValue>();
        foreach (var item in Iterate(operand, "selectattr"))
        {
            context.State.Step();
            var value = AttributePath(item, attribute);
            var passed = value is not JinjaUndefined &&
                (test is null ? value.IsTruthy : JinjaTests.Apply(test, value, testArguments, context));
            if (passed == select)
            {
                result.Add(item);
            }
        }

        return new JinjaList(result);
    }

    private static JinjaList Select(JinjaValue operand, TemplateCallArguments a, bool select, TemplateCallContext context)
    {
        var test = a.Positional.Count > 0 ? JinjaArgs.String(a.Positional[0], "select", "test") : null;
        var testArguments = new TemplateCallArguments([.. a.Positional.Skip(1)], a.Keyword);
        var result = new List<JinjaValue>();
        foreach (var item in Iterate(operand, "select"))
        {
            context.State.Step();
            var passed = test is null ? item.IsTruthy : JinjaTests.Apply(test, item, testArguments, context);
            if (passed == select)
            {
                result.Add(item);
            }
        }

        return new JinjaList(result);
    }

    private static JinjaList Map(JinjaValue operand, TemplateCallArguments a, TemplateCallContext context)
    {
        var items = Iterate(operand, "map");
        if (a.Has(-1, "attribute"))
        {
            var attribute = JinjaArgs.String(a.Get(-1, "attribute", JinjaUndefined.Instance), "map", "attribute");
            var fallback = a.Get(-1, "default", JinjaUndefined.Instance);
            return new JinjaList(items.Select(item => AttributePath(item, attribute) is var v && v is JinjaUndefined ? fallback : v).ToList());
        }

        if (a.Positional.Count == 0)
        {
            throw new TemplateRuntimeException("map needs a filter name or attribute=...");
        }

        var filter = JinjaArgs.String(a.Positional[0], "map", "filter");
        var filterArguments = new TemplateCallArguments([.. a.Positional.Skip(1)], a.Keyword);
        return new JinjaList(items.Select(item => Apply(filter, item, filterArguments, context)).ToList());
    }

    private static JinjaList Batch(JinjaValue operand, TemplateCallArguments a, TemplateRenderState state)
    {
        var size = JinjaArgs.Integer(a.Get(0, "linecount", JinjaUndefined.Instance), "batch", "linecount");
        if (size <= 0)
        {
            throw new TemplateRuntimeException("batch(): 'linecount' must be positive");
        }

        var fill = a.Get(1, "fill_with", JinjaNone.Instance);
        var batches = new List<JinjaValue>();
        foreach (var chunk in Iterate(operand, "batch").Chunk((int)Math.Min(size, int.MaxValue)))
        {
            var row = chunk.ToList();
            while (!fill.IsNullish && row.Count < size)
            {
                state.CheckLength(row.Count + 1L);
                row.Add(fill);
            }

            batches.Add(new JinjaList(row));
        }

        return new JinjaList(batches);
    }

    private static JinjaValue MinMax(JinjaValue operand, TemplateCallArguments a, bool max)
    {
        var caseSensitive = a.Get(0, "case_sensitive", JinjaBoolean.False).IsTruthy;
        var attribute = JinjaArgs.OptionalString(a.Get(1, "attribute", JinjaNone.Instance), max ? "max" : "min", "attribute");
        JinjaValue? best = null;
        foreach (var item in Iterate(operand, max ? "max" : "min"))
        {
            var key = attribute is null ? item : AttributePath(item, attribute);
            var bestKey = best is null ? null : attribute is null ? best : AttributePath(best, attribute);
            if (bestKey is null || (JinjaOperators.Compare(key, bestKey, caseSensitive) is var order && (max ? order > 0 : order < 0)))
            {
                best = item;
            }
        }

        return best ?? JinjaUndefined.Instance;
    }

    private static JinjaValue Sum(JinjaValue operand, TemplateCallArguments a, TemplateRenderState state)
    {
        var attribute = JinjaArgs.OptionalString(a.Get(0, "attribute", JinjaNone.Instance), "sum", "attribute");
        var total = a.Get(1, "start", new JinjaInteger(0));
        foreach (var item in Iterate(operand, "sum"))
        {
            total = JinjaOperators.Binary("+", total, attribute is null ? item : AttributePath(item, attribute), state);
        }

        return total;
    }
}
