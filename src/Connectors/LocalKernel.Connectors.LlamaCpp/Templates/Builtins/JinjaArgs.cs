namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Argument conversions for builtins, with error messages that name the function and parameter.</summary>
internal static class JinjaArgs
{
    public static string String(JinjaValue value, string function, string parameter) => value switch
    {
        JinjaString s => s.Value,
        _ => throw new TemplateRuntimeException($"{function}(): '{parameter}' must be a string, not '{value.TypeName}'"),
    };

    public static string? OptionalString(JinjaValue value, string function, string parameter) =>
        value.IsNullish ? null : String(value, function, parameter);

    public static long Integer(JinjaValue value, string function, string parameter) => value switch
    {
        JinjaInteger i => i.Value,
        JinjaBoolean b => b.Value ? 1 : 0,
        JinjaFloat f when Math.Floor(f.Value) == f.Value && double.IsFinite(f.Value) => (long)f.Value,
        _ => throw new TemplateRuntimeException($"{function}(): '{parameter}' must be an integer, not '{value.TypeName}'"),
    };
}
