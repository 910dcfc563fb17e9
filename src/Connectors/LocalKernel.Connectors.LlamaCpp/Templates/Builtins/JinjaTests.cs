namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The tests (<c>value is name</c>), with the reference engine's definitions where it has them: <c>iterable</c>
/// is a list or a string, <c>sequence</c> also a dict, <c>mapping</c> a dict only, <c>number</c> excludes booleans.
/// </summary>
internal static class JinjaTests
{
    public static bool Apply(string name, JinjaValue operand, TemplateCallArguments arguments, TemplateCallContext context)
    {
        JinjaValue TemplateArgument() => arguments.Positional.Count > 0
            ? arguments.Positional[0]
            : throw new TemplateRuntimeException($"The test '{name}' needs an argument");

        return name switch
        {
            "defined" => operand is not JinjaUndefined,
            "undefined" => operand is JinjaUndefined,
            "none" => operand is JinjaNone,
            "boolean" => operand is JinjaBoolean,
            "true" => operand is JinjaBoolean { Value: true },
            "false" => operand is JinjaBoolean { Value: false },
            "string" => operand is JinjaString,
            "number" => operand is JinjaInteger or JinjaFloat,
            "integer" => operand is JinjaInteger,
            "float" => operand is JinjaFloat,
            "iterable" => operand is JinjaList or JinjaString,
            "sequence" => operand is JinjaList or JinjaDict or JinjaString or JinjaLoop,
            "mapping" => operand is JinjaDict or JinjaLoop,
            "callable" => operand is JinjaCallable,
            "lower" => operand is JinjaString lower && lower.Value == lower.Value.ToLowerInvariant(),
            "upper" => operand is JinjaString upper && upper.Value == upper.Value.ToUpperInvariant(),
            "odd" => Integer(operand, name) % 2 != 0,
            "even" => Integer(operand, name) % 2 == 0,
            "divisibleby" => Integer(TemplateArgument(), name) is var divisor && divisor != 0
                ? Integer(operand, name) % divisor == 0
                : throw new TemplateRuntimeException("divisibleby(): division by zero"),
            "equalto" or "eq" or "==" => JinjaOperators.StrictEquals(operand, TemplateArgument()),
            "ne" or "!=" => !JinjaOperators.StrictEquals(operand, TemplateArgument()),
            "sameas" => ReferenceEquals(operand, TemplateArgument()) || (operand, TemplateArgument()) switch
            {
                (JinjaNone, JinjaNone) or (JinjaUndefined, JinjaUndefined) => true,
                (JinjaBoolean a, JinjaBoolean b) => a.Value == b.Value,
                _ => false,
            },
            "lt" or "<" => JinjaOperators.Compare(operand, TemplateArgument(), caseSensitive: true) < 0,
            "le" or "<=" => JinjaOperators.Compare(operand, TemplateArgument(), caseSensitive: true) <= 0,
            "gt" or ">" => JinjaOperators.Compare(operand, TemplateArgument(), caseSensitive: true) > 0,
            "ge" or ">=" => JinjaOperators.Compare(operand, TemplateArgument(), caseSensitive: true) >= 0,
            "in" => JinjaOperators.Contains(TemplateArgument(), operand),
            "escaped" => false,
            "filter" => operand is JinjaString filterName && JinjaFilters.Exists(filterName.Value),
            "test" => operand is JinjaString testName && Exists(testName.Value),
            _ => throw new TemplateRuntimeException($"No test named '{name}'"),
        };
    }

    public static bool Exists(string name) => name is "defined" or "undefined" or "none" or "boolean" or "true" or "false"
        or "string" or "number" or "integer" or "float" or "iterable" or "sequence" or "mapping" or "callable" or "lower"
        or "upper" or "odd" or "even" or "divisibleby" or "equalto" or "eq" or "==" or "ne" or "!=" or "sameas" or "lt"
        or "<" or "le" or "<=" or "gt" or ">" or "ge" or ">=" or "in" or "escaped" or "filter" or "test";

    private static long Integer(JinjaValue value, string test) => value is JinjaInteger i
        ? i.Value
        : throw new TemplateRuntimeException($"The test '{test}' needs an integer, not '{value.TypeName}'");
}
