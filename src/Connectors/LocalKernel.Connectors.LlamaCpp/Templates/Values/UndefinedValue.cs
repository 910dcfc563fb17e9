namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The undefined value: a missing variable, attribute or item. Prints as nothing and is falsy.</summary>
internal sealed class UndefinedValue : JinjaValue
{
    public static readonly UndefinedValue Instance = new();

    private UndefinedValue()
    {
    }

    public override JinjaValueKind Kind => JinjaValueKind.Undefined;

    internal override string TypeName => "Undefined";

    internal override bool IsTruthy => false;
}
