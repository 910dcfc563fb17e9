namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A double-precision number.</summary>
internal sealed class JinjaFloat(double value) : JinjaValue
{
    public double Value { get; } = value;

    public override JinjaValueKind Kind => JinjaValueKind.Float;

    internal override string TypeName => "float";

    // NaN is falsy, as in JavaScript and unlike Python; the reference engine decides truthiness that way.
    internal override bool IsTruthy => Value != 0 && !double.IsNaN(Value);
}
