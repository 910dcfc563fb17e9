namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The <c>dict</c> methods templates use: <c>get</c>, <c>items</c>, <c>keys</c>, <c>values</c>, and a few mutators.</summary>
internal static class DictMethods
{
    public static JinjaValue? Get(DictValue dict, string name) => name switch
    {
        "get" => Methods.Bind(name, (a, _) =>
            dict.TryGet(a.Get(0, "key", UndefinedValue.Instance), out var value) ? value : a.Get(1, "default", NoneValue.Instance)),
        "items" => Methods.Bind(name, (_, _) => Items(dict)),
        "keys" => Methods.Bind(name, (_, _) => new ListValue(dict.Keys.ToList())),
        "values" => Methods.Bind(name, (_, _) => new ListValue(dict.Values.ToList())),
        "dictsort" => Methods.Bind(name, (a, _) => Filters.DictSort(dict, a)),
        "copy" => Methods.Bind(name, (_, _) =>
        {
            var copy = new DictValue();
            foreach (var (key, value) in dict.Entries)
            {
                copy.Set(key, value);
            }

            return copy;
        }),
        "pop" => Methods.Bind(name, (a, _) =>
        {
            var key = a.Get(0, "key", UndefinedValue.Instance);
            if (dict.Remove(key, out var value))
            {
                return value;
            }

            return a.Has(1, "default") ? a.Get(1, "default", NoneValue.Instance) : throw new TemplateRuntimeException($"Key {ValueFormatter.ToOutput(key)} not found");
        }),
        "setdefault" => Methods.Bind(name, (a, _) =>
        {
            var key = a.Get(0, "key", UndefinedValue.Instance);
            if (dict.TryGet(key, out var value))
            {
                return value;
            }

            value = a.Get(1, "default", NoneValue.Instance);
            dict.Set(key, value);
            return value;
        }),
        "update" => Methods.Bind(name, (a, c) =>
        {
            if (a.Positional.Count > 0)
            {
                foreach (var (key, value) in Filters.Pairs(a.Positional[0], name))
                {
                    dict.Set(key, value);
                }
            }

            foreach (var (key, value) in a.Keyword)
            {
                dict.Set(key, value);
            }

            c.State.CheckLength(dict.Count);
            return NoneValue.Instance;
        }),
        _ => null,
    };

    /// <summary><c>dict.items()</c>: a list of two-item lists, as the reference engine returns them.</summary>
    public static ListValue Items(DictValue dict) =>
        new(dict.Entries.Select(e => (JinjaValue)new ListValue([e.Key, e.Value])).ToList());
}
