namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The <c>loop</c> variable of a <c>for</c>: index, first/last, length, previous and next item. Its attributes are
/// computed when read, because some templates run a loop over the conversation for every message and building a
/// dictionary per iteration dominated their rendering time. Anything that needs it as a whole (printing,
/// <c>tojson</c>, <c>items</c>) sees the equivalent dictionary.
/// </summary>
internal sealed class JinjaLoop(List<JinjaValue> items, int index) : JinjaValue
{
    public override JinjaValueKind Kind => JinjaValueKind.Dictionary;

    internal override string TypeName => "LoopContext";

    internal override bool IsTruthy => true;

    public JinjaValue Get(string name) => name switch
    {
        "index" => new JinjaInteger(index + 1),
        "index0" => new JinjaInteger(index),
        "revindex" => new JinjaInteger(items.Count - index),
        "revindex0" => new JinjaInteger(items.Count - index - 1),
        "first" => JinjaBoolean.Of(index == 0),
        "last" => JinjaBoolean.Of(index == items.Count - 1),
        "length" => new JinjaInteger(items.Count),
        "previtem" => index > 0 ? items[index - 1] : JinjaUndefined.Instance,
        "nextitem" => index < items.Count - 1 ? items[index + 1] : JinjaUndefined.Instance,
        "cycle" => new JinjaCallable("cycle", (arguments, _) =>
            arguments.Positional.Count == 0
                ? throw new TemplateRuntimeException("loop.cycle() needs at least one value")
                : arguments.Positional[index % arguments.Positional.Count]),
        _ => JinjaUndefined.Instance,
    };

    /// <summary>The loop as a dictionary of its plain attributes.</summary>
    public JinjaDict ToDict()
    {
        var dict = new JinjaDict();
        foreach (var name in new[] { "index", "index0", "revindex", "revindex0", "first", "last", "length", "previtem", "nextitem" })
        {
            dict.Set(name, Get(name));
        }

        return dict;
    }
}
