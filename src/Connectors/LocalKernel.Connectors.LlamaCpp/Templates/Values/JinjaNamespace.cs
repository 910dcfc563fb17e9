namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>An object from <c>namespace()</c>: the one value whose attributes <c>{% set ns.x = ... %}</c> may assign.</summary>
internal sealed class JinjaNamespace : JinjaValue
{
    public OrderedDictionary<string, JinjaValue> Attributes { get; } = new(StringComparer.Ordinal);

    public override JinjaValueKind Kind => JinjaValueKind.Namespace;

    internal override string TypeName => "Namespace";

    // A Python object without __bool__ or __len__ is always truthy, however few attributes it has.
    internal override bool IsTruthy => true;

    internal override JinjaValue DeepCopy(int depth = 0)
    {
        CheckDepth(depth);
        var copy = new JinjaNamespace();
        foreach (var (key, value) in Attributes)
        {
            copy.Attributes[key] = value.DeepCopy(depth + 1);
        }

        return copy;
    }
}
