namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The <c>dict</c> methods templates use: <c>get</c>, <c>items</c>, <c>keys</c>, <c>values</c>, and a few mutators.</summary>
internal static class JinjaDictMethods
{
    public static JinjaValue? Get(JinjaDict dict, string name) => name switch
    {
        "get" => JinjaMethods.Bind(name, (a, _) =>
            dict.TryGet(a.Get(0, "key", JinjaUndefined.Instance), out var value) ? value : a.Get(1, "default", JinjaNone.Instance)),
        "items" => JinjaMethods.Bind(name, (_, _) => Items(dict)),
        "keys" => JinjaMethods.Bind(name, (_, _) => new JinjaList(dict.Keys.ToList())),
        "values" => JinjaMethods.Bind(name, (_, _) => new JinjaList(dict.Values.ToList())),
        "dictsort" => JinjaMethods.Bind(name, (a, _) => JinjaFilters.DictSort(dict, a)),
        "copy" => JinjaMethods.Bind(name, (_, _) =>
        {
            var copy = new JinjaDict();
            foreach (var (key, value) in dict.Entries)
            {
                copy.Set(key, value);
            }

            return copy;
        }),
        "pop" => JinjaMethods.Bind(name, (a, _) =>
        {
            var key = a.Get(0, "key", JinjaUndefined.Instance);
            if (dict.Remove(key, out var value))
            {
                return value;
            }

            return a.Has(1, "default") ? a.Get(1, "default", JinjaNone.Instance) : throw new TemplateRuntimeException($"Key {TemplateValueFormatter.ToOutput(key)} not found");
        }),
        "setdefault" => JinjaMethods.Bind(name, (a, _) =>
        {
            var key = a.Get(0, "key", JinjaUndefined.Instance);
            if (dict.TryGet(key, out var value))
            {
                return value;
            }

            value = a.Get(1, "default", JinjaNone.Instance);
            dict.Set(key, value);
            return value;
        }),
        "update" => JinjaMethods.Bind(name, (a, c) =>
        {
            if (a.Positional.Count > 0)
            {
                foreach (var (key, value) in JinjaFilters.Pairs(a.Positional[0], name))
                {
                    dict.Set(key, value);
                }
            }

            foreach (var (key, value) in a.Keyword)
            {
                dict.Set(key, value);
            }

            c.State.CheckLength(dict.Count);
            return JinjaNone.Instance;
        }),
        _ => null,
    };

    /// <summary><c>dict.items()</c>: a list of two-item lists, as the reference engine returns them.</summary>
    public static JinjaList Items(JinjaDict dict) =>
        new(dict.Entries.Select(e => (JinjaValue)new JinjaList([e.Key, e.Value])).ToList());
}
