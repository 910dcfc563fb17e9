namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// <c>x.name</c> and <c>x[key]</c>. Both look up an entry first and then a method (so a message dict with an
/// <c>items</c> key shadows <c>items()</c>, as in the reference engine). What is missing is undefined; only
/// indexing undefined with a number is an error, as in Jinja.
/// </summary>
internal static class Members
{
    public static JinjaValue Get(JinjaValue target, JinjaValue key)
    {
        switch (target)
        {
            case DictValue dict:
                if (dict.TryGet(key, out var entry))
                {
                    return entry;
                }

                return key is StringValue dictMethod && Methods.TryGet(target, dictMethod.Value, out var bound) ? bound : UndefinedValue.Instance;
            case NamespaceValue ns:
                return key is StringValue attribute && ns.Attributes.TryGetValue(attribute.Value, out var found) ? found : UndefinedValue.Instance;
            case ListValue list:
                return key switch
                {
                    IntegerValue or BooleanValue => ElementAt(list.Items, Index(key)),
                    StringValue name => Methods.TryGet(target, name.Value, out var method) ? method : UndefinedValue.Instance,
                    _ => throw new TemplateRuntimeException($"List indices must be integers, not '{key.TypeName}'"),
                };
            case StringValue s:
                return key switch
                {
                    IntegerValue or BooleanValue => CharAt(s.Value, Index(key)),
                    StringValue name => Methods.TryGet(target, name.Value, out var method) ? method : UndefinedValue.Instance,
                    _ => throw new TemplateRuntimeException($"String indices must be integers, not '{key.TypeName}'"),
                };
            case UndefinedValue when key is not StringValue:
                throw new TemplateRuntimeException($"Cannot take item {ValueFormatter.ToOutput(key)} of an undefined value");
            default:
                return UndefinedValue.Instance;
        }
    }

    private static long Index(JinjaValue key) => key is IntegerValue i ? i.Value : ((BooleanValue)key).Value ? 1 : 0;

    private static JinjaValue ElementAt(List<JinjaValue> items, long index)
    {
        if (index < 0)
        {
            index += items.Count;
        }

        return index >= 0 && index < items.Count ? items[(int)index] : UndefinedValue.Instance;
    }

    private static JinjaValue CharAt(string s, long index)
    {
        if (index < 0)
        {
            index += s.Length;
        }

        return index >= 0 && index < s.Length ? new StringValue(s[(int)index].ToString()) : UndefinedValue.Instance;
    }
}
