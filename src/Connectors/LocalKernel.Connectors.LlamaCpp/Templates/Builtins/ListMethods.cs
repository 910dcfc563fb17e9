namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The <c>list</c> methods templates use (Kimi's templates keep a queue with <c>append</c> and <c>pop</c>).</summary>
internal static class ListMethods
{
    public static JinjaValue? Get(ListValue list, string name) => name switch
    {
        "length" => new IntegerValue(list.Count),
        "append" => Mutator(list, name, (a, c) =>
        {
            c.State.CheckLength(list.Count + 1L);
            list.Items.Add(a.Get(0, "object", UndefinedValue.Instance));
            return NoneValue.Instance;
        }),
        "extend" => Mutator(list, name, (a, c) =>
        {
            var items = Filters.Iterate(a.Get(0, "iterable", UndefinedValue.Instance), name);
            c.State.CheckLength((long)list.Count + items.Count);
            list.Items.AddRange(items);
            return NoneValue.Instance;
        }),
        "insert" => Mutator(list, name, (a, c) =>
        {
            c.State.CheckLength(list.Count + 1L);
            var index = Args.Integer(a.Get(0, "index", UndefinedValue.Instance), name, "index");
            index = index < 0 ? Math.Max(0, index + list.Count) : Math.Min(index, list.Count);
            list.Items.Insert((int)index, a.Get(1, "object", UndefinedValue.Instance));
            return NoneValue.Instance;
        }),
        "pop" => Mutator(list, name, (a, _) =>
        {
            if (list.Count == 0)
            {
                throw new TemplateRuntimeException("pop from empty list");
            }

            var index = Args.Integer(a.Get(0, "index", new IntegerValue(-1)), name, "index");
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
        "index" => Methods.Bind(name, (a, _) =>
        {
            var value = a.Get(0, "value", UndefinedValue.Instance);
            var index = list.Items.FindIndex(item => Operators.StrictEquals(item, value));
            return index >= 0 ? new IntegerValue(index) : throw new TemplateRuntimeException("value is not in list");
        }),
        "count" => Methods.Bind(name, (a, _) =>
        {
            var value = a.Get(0, "value", UndefinedValue.Instance);
            return new IntegerValue(list.Items.Count(item => Operators.StrictEquals(item, value)));
        }),
        _ => null,
    };

    private static CallableValue? Mutator(ListValue list, string name, Func<CallArguments, CallContext, JinjaValue> body) =>
        list.IsTuple ? null : Methods.Bind(name, body);
}
