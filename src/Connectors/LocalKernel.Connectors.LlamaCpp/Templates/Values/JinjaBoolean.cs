namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A boolean; the two instances are shared.</summary>
internal sealed class JinjaBoolean : JinjaValue
{
    public static readonly JinjaBoolean True = new(true);
    public static readonly JinjaBoolean False = new(false);

    private JinjaBoolean(bool value) => Value = value;

    public bool Value { get; }

    public override JinjaValueKind Kind => JinjaValueKind.Boolean;

    internal override string TypeName => "bool";

    internal override bool IsTruthy => Value;

    public static JinjaBoolean Of(bool value) => value ? True : False;
}
