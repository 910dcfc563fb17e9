namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>What a builtin or macro sees of the render that calls it: the interpreter and the calling scope.</summary>
internal readonly record struct CallContext(TemplateInterpreter Interpreter, Scope Scope)
{
    public RenderState State => Interpreter.State;
}
