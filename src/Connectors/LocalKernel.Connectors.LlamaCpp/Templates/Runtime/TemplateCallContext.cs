namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>What a builtin or macro sees of the render that calls it: the interpreter and the calling scope.</summary>
internal readonly record struct TemplateCallContext(TemplateInterpreter Interpreter, TemplateScope Scope)
{
    public TemplateRenderState State => Interpreter.State;
}
