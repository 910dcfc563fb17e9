namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Argument conversions for builtins, with error messages that name the function and parameter.</summary>
internal static class Args
{
    public static string String(JinjaValue value, string function, string parameter) => value switch
    {
        StringValue s => s.Value,
        _ => throw new TemplateRuntimeException($"{function}(): '{parameter}' must be a string, not '{value.TypeName}'"),
    };

    public static string? OptionalString(JinjaValue value, string function, string parameter) =>
        value.IsNullish ? null : String(value, function, parameter);

    public static long Integer(JinjaValue value, string function, string parameter) => value switch
    {
        IntegerValue i => i.Value,
        BooleanValue b => b.Value ? 1 : 0,
        FloatValue f when Math.Floor(f.Value) == f.Value && double.IsFinite(f.Value) => (long)f.Value,
        _ => throw new TemplateRuntimeException($"{function}(): '{parameter}' must be an integer, not '{value.TypeName}'"),
    };

    public static bool Boolean(JinjaValue value) => value.IsTruthy;

    public static ListValue List(JinjaValue value, string function) => value switch
    {
        ListValue list => list,
        _ => throw new TemplateRuntimeException($"{function}() needs a list, not '{value.TypeName}'"),
    };
}
