namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A string.</summary>
internal sealed class JinjaString(string value) : JinjaValue
{
    public static readonly JinjaString Empty = new(string.Empty);

    public string Value { get; } = value;

    public override JinjaValueKind Kind => JinjaValueKind.String;

    internal override string TypeName => "str";

    internal override bool IsTruthy => Value.Length > 0;
}
