namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A list or a tuple. Lists are mutable (<c>append</c>, <c>pop</c>); tuples print and compare like lists.</summary>
internal sealed class JinjaList : JinjaValue
{
    public JinjaList(IEnumerable<JinjaValue> items, bool isTuple = false)
    {
        Items = [.. items];
        IsTuple = isTuple;
    }

    public JinjaList(List<JinjaValue> items, bool isTuple = false)
    {
        Items = items;
        IsTuple = isTuple;
    }

    public List<JinjaValue> Items { get; }

    public bool IsTuple { get; }

    public int Count => Items.Count;

    public override JinjaValueKind Kind => JinjaValueKind.List;

    internal override string TypeName => IsTuple ? "tuple" : "list";

    internal override bool IsTruthy => Items.Count > 0;

    internal override JinjaValue DeepCopy(int depth = 0)
    {
        CheckDepth(depth);
        return new JinjaList(Items.Select(item => item.DeepCopy(depth + 1)), IsTuple);
    }
}
