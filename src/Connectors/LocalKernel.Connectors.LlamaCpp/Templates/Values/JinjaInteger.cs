namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A 64-bit integer.</summary>
internal sealed class JinjaInteger(long value) : JinjaValue
{
    public long Value { get; } = value;

    public override JinjaValueKind Kind => JinjaValueKind.Integer;

    internal override string TypeName => "int";

    internal override bool IsTruthy => Value != 0;
}
