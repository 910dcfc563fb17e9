namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Variables of one level of the template: the globals, a loop, a macro call. <c>set</c> writes to the scope it
/// runs in, so an assignment inside a loop is gone after it (which is why templates use <c>namespace()</c>).
/// </summary>
internal sealed class TemplateScope(TemplateScope? parent)
{
    private readonly Dictionary<string, JinjaValue> _variables = new(StringComparer.Ordinal);

    public JinjaValue Lookup(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._variables.TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return JinjaUndefined.Instance;
    }

    public TemplateScope? Parent { get; } = parent;

    public void Set(string name, JinjaValue value) => _variables[name] = value;
}
