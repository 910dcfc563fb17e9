namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Python's <c>None</c>.</summary>
internal sealed class NoneValue : JinjaValue
{
    public static readonly NoneValue Instance = new();

    private NoneValue()
    {
    }

    public override JinjaValueKind Kind => JinjaValueKind.None;

    internal override string TypeName => "NoneType";

    internal override bool IsTruthy => false;
}
