namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A boolean; the two instances are shared.</summary>
internal sealed class BooleanValue : JinjaValue
{
    public static readonly BooleanValue True = new(true);
    public static readonly BooleanValue False = new(false);

    private BooleanValue(bool value) => Value = value;

    public bool Value { get; }

    public override JinjaValueKind Kind => JinjaValueKind.Boolean;

    internal override string TypeName => "bool";

    internal override bool IsTruthy => Value;

    public static BooleanValue Of(bool value) => value ? True : False;
}
