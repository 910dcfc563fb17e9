namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Python's <c>None</c>.</summary>
internal sealed class JinjaNone : JinjaValue
{
    public static readonly JinjaNone Instance = new();

    private JinjaNone()
    {
    }

    public override JinjaValueKind Kind => JinjaValueKind.None;

    internal override string TypeName => "NoneType";

    internal override bool IsTruthy => false;
}
