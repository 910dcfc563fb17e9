namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The <c>list</c> methods templates use (Kimi's templates keep a queue with <c>append</c> and <c>pop</c>).</summary>
internal static class JinjaListMethods
{
    public static JinjaValue? Get(JinjaList list, string name) => name switch
    {
        "length" => new JinjaInteger(list.Count),
        "append" => Mutator(list, name, (a, c) =>
        {
            c.State.CheckLength(list.Count + 1L);
            list.Items.Add(a.Get(0, "object", JinjaUndefined.Instance));
            return JinjaNone.Instance;
        }),
        "extend" => Mutator(list, name, (a, c) =>
        {
            var items = JinjaFilters.Iterate(a.Get(0, "iterable", JinjaUndefined.Instance), name);
            c.State.CheckLength((long)list.Count + items.Count);
            list.Items.AddRange(items);
            return JinjaNone.Instance;
        }),
        "insert" => Mutator(list, name, (a, c) =>
        {
            c.State.CheckLength(list.Count + 1L);
            var index = JinjaArgs.Integer(a.Get(0, "index", JinjaUndefined.Instance), name, "index");
            index = index < 0 ? Math.Max(0, index + list.Count) : Math.Min(index, list.Count);
            list.Items.Insert((int)index, a.Get(1, "object", JinjaUndefined.Instance));
            return JinjaNone.Instance;
        }),
        "pop" => Mutator(list, name, (a, _) =>
        {
            if (list.Count == 0)
            {
                throw new TemplateRuntimeException("pop from empty list");
            }

            var index = JinjaArgs.Integer(a.Get(0, "index", new JinjaInteger(-1)), name, "index");
            if (index < 0)
            {
                index += list.Count;
            }

            if (index < 0 || index >= list.Count)
            {
                throw new TemplateRuntimeException("pop index out of range");
            }

            var item = list.Items[(int)index];
            list.Items.RemoveAt((int)index);
            return item;
        }),
        "index" => JinjaMethods.Bind(name, (a, _) =>
        {
            var value = a.Get(0, "value", JinjaUndefined.Instance);
            var index = list.Items.FindIndex(item => JinjaOperators.StrictEquals(item, value));
            return index >= 0 ? new JinjaInteger(index) : throw new TemplateRuntimeException("value is not in list");
        }),
        "count" => JinjaMethods.Bind(name, (a, _) =>
        {
            var value = a.Get(0, "value", JinjaUndefined.Instance);
            return new JinjaInteger(list.Items.Count(item => JinjaOperators.StrictEquals(item, value)));
        }),
        _ => null,
    };

    private static JinjaCallable? Mutator(JinjaList list, string name, Func<TemplateCallArguments, TemplateCallContext, JinjaValue> body) =>
        list.IsTuple ? null : JinjaMethods.Bind(name, body);
}
