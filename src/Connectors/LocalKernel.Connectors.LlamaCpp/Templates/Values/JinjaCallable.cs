namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A function a template can call: a global, a macro, <c>caller</c> or a bound method such as <c>str.split</c>.</summary>
internal sealed class JinjaCallable(string name, Func<TemplateCallArguments, TemplateCallContext, JinjaValue> invoke) : JinjaValue
{
    public string Name { get; } = name;

    public override JinjaValueKind Kind => JinjaValueKind.Callable;

    internal override string TypeName => "function";

    internal override bool IsTruthy => true;

    public JinjaValue Invoke(TemplateCallArguments arguments, TemplateCallContext context) => invoke(arguments, context);
}
