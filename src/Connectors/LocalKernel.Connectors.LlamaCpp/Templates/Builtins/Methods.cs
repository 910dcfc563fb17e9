namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Python methods templates call on values: <c>str.split</c>, <c>dict.get</c>, <c>list.append</c>, ... A method
/// is looked up by <see cref="Members"/> and returned bound to its value.
/// </summary>
internal static class Methods
{
    public static bool TryGet(JinjaValue target, string name, out JinjaValue member)
    {
        member = target switch
        {
            StringValue s => StringMethods.Get(s, name),
            ListValue list => ListMethods.Get(list, name),
            DictValue dict => DictMethods.Get(dict, name),
            _ => null,
        } ?? UndefinedValue.Instance;
        return member is not UndefinedValue;
    }

    public static CallableValue Bind(string name, Func<CallArguments, CallContext, JinjaValue> body) => new(name, body);
}
