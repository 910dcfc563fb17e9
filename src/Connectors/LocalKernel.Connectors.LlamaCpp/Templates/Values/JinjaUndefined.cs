namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The undefined value: a missing variable, attribute or item. Prints as nothing and is falsy.</summary>
internal sealed class JinjaUndefined : JinjaValue
{
    public static readonly JinjaUndefined Instance = new();

    private JinjaUndefined()
    {
    }

    public override JinjaValueKind Kind => JinjaValueKind.Undefined;

    internal override string TypeName => "Undefined";

    internal override bool IsTruthy => false;
}
