namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// <c>x.name</c> and <c>x[key]</c>. Both look up an entry first and then a method (so a message dict with an
/// <c>items</c> key shadows <c>items()</c>, as in the reference engine). What is missing is undefined; only
/// indexing undefined with a number is an error, as in Jinja.
/// </summary>
internal static class JinjaMembers
{
    public static JinjaValue Get(JinjaValue target, JinjaValue key)
    {
        switch (target)
        {
            case JinjaDict dict:
                if (dict.TryGet(key, out var entry))
                {
                    return entry;
                }

                return key is JinjaString dictMethod && JinjaMethods.TryGet(target, dictMethod.Value, out var bound) ? bound : JinjaUndefined.Instance;
            case JinjaLoop loop:
                return key is JinjaString loopAttribute ? loop.Get(loopAttribute.Value) : JinjaUndefined.Instance;
            case JinjaNamespace ns:
                return key is JinjaString attribute && ns.Attributes.TryGetValue(attribute.Value, out var found) ? found : JinjaUndefined.Instance;
            case JinjaList list:
                return key switch
                {
                    JinjaInteger or JinjaBoolean => ElementAt(list.Items, Index(key)),
                    JinjaString name => JinjaMethods.TryGet(target, name.Value, out var method) ? method : JinjaUndefined.Instance,
                    _ => throw new TemplateRuntimeException($"List indices must be integers, not '{key.TypeName}'"),
                };
            case JinjaString s:
                return key switch
                {
                    JinjaInteger or JinjaBoolean => CharAt(s.Value, Index(key)),
                    JinjaString name => JinjaMethods.TryGet(target, name.Value, out var method) ? method : JinjaUndefined.Instance,
                    _ => throw new TemplateRuntimeException($"String indices must be integers, not '{key.TypeName}'"),
                };
            case JinjaUndefined when key is not JinjaString:
                throw new TemplateRuntimeException($"Cannot take item {TemplateValueFormatter.ToOutput(key)} of an undefined value");
            default:
                return JinjaUndefined.Instance;
        }
    }

    private static long Index(JinjaValue key) => key is JinjaInteger i ? i.Value : ((JinjaBoolean)key).Value ? 1 : 0;

    private static JinjaValue ElementAt(List<JinjaValue> items, long index)
    {
        if (index < 0)
        {
            index += items.Count;
        }

        return index >= 0 && index < items.Count ? items[(int)index] : JinjaUndefined.Instance;
    }

    private static JinjaValue CharAt(string s, long index)
    {
        if (index < 0)
        {
            index += s.Length;
        }

        return index >= 0 && index < s.Length ? new JinjaString(s[(int)index].ToString()) : JinjaUndefined.Instance;
    }
}
