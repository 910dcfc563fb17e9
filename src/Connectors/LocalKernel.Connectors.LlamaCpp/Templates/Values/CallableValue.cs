namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A function a template can call: a global, a macro, <c>caller</c> or a bound method such as <c>str.split</c>.</summary>
internal sealed class CallableValue(string name, Func<CallArguments, CallContext, JinjaValue> invoke) : JinjaValue
{
    public string Name { get; } = name;

    public override JinjaValueKind Kind => JinjaValueKind.Callable;

    internal override string TypeName => "function";

    internal override bool IsTruthy => true;

    public JinjaValue Invoke(CallArguments arguments, CallContext context) => invoke(arguments, context);
}
