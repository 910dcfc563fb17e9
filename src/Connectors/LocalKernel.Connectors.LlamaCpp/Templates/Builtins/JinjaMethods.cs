namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Python methods templates call on values: <c>str.split</c>, <c>dict.get</c>, <c>list.append</c>, ... A method
/// is looked up by <see cref="JinjaMembers"/> and returned bound to its value.
/// </summary>
internal static class JinjaMethods
{
    public static bool TryGet(JinjaValue target, string name, out JinjaValue member)
    {
        member = target switch
        {
            JinjaString s => JinjaStringMethods.Get(s, name),
            JinjaList list => JinjaListMethods.Get(list, name),
            JinjaDict dict => JinjaDictMethods.Get(dict, name),
            _ => null,
        } ?? JinjaUndefined.Instance;
        return member is not JinjaUndefined;
    }

    public static JinjaCallable Bind(string name, Func<TemplateCallArguments, TemplateCallContext, JinjaValue> body) => new(name, body);
}
