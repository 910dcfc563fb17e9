namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The tests (<c>value is name</c>), with the reference engine's definitions where it has them: <c>iterable</c>
/// is a list or a string, <c>sequence</c> also a dict, <c>mapping</c> a dict only, <c>number</c> excludes booleans.
/// </summary>
internal static class Tests
{
    public static bool Apply(string name, JinjaValue operand, CallArguments arguments, CallContext context)
    {
        JinjaValue Argument() => arguments.Positional.Count > 0
            ? arguments.Positional[0]
            : throw new TemplateRuntimeException($"The test '{name}' needs an argument");

        return name switch
        {
            "defined" => operand is not UndefinedValue,
            "undefined" => operand is UndefinedValue,
            "none" => operand is NoneValue,
            "boolean" => operand is BooleanValue,
            "true" => operand is BooleanValue { Value: true },
            "false" => operand is BooleanValue { Value: false },
            "string" => operand is StringValue,
            "number" => operand is IntegerValue or FloatValue,
            "integer" => operand is IntegerValue,
            "float" => operand is FloatValue,
            "iterable" => operand is ListValue or StringValue,
            "sequence" => operand is ListValue or DictValue or StringValue,
            "mapping" => operand is DictValue,
            "callable" => operand is CallableValue,
            "lower" => operand is StringValue lower && lower.Value == lower.Value.ToLowerInvariant(),
            "upper" => operand is StringValue upper && upper.Value == upper.Value.ToUpperInvariant(),
            "odd" => Integer(operand, name) % 2 != 0,
            "even" => Integer(operand, name) % 2 == 0,
            "divisibleby" => Integer(Argument(), name) is var divisor && divisor != 0
                ? Integer(operand, name) % divisor == 0
                : throw new TemplateRuntimeException("divisibleby(): division by zero"),
            "equalto" or "eq" or "==" => Operators.StrictEquals(operand, Argument()),
            "ne" or "!=" => !Operators.StrictEquals(operand, Argument()),
            "sameas" => ReferenceEquals(operand, Argument()) || (operand, Argument()) switch
            {
                (NoneValue, NoneValue) or (UndefinedValue, UndefinedValue) => true,
                (BooleanValue a, BooleanValue b) => a.Value == b.Value,
                _ => false,
            },
            "lt" or "<" => Operators.Compare(operand, Argument(), caseSensitive: true) < 0,
            "le" or "<=" => Operators.Compare(operand, Argument(), caseSensitive: true) <= 0,
            "gt" or ">" => Operators.Compare(operand, Argument(), caseSensitive: true) > 0,
            "ge" or ">=" => Operators.Compare(operand, Argument(), caseSensitive: true) >= 0,
            "in" => Operators.Contains(Argument(), operand),
            "escaped" => false,
            "filter" => operand is StringValue filterName && Filters.Exists(filterName.Value),
            "test" => operand is StringValue testName && Exists(testName.Value),
            _ => throw new TemplateRuntimeException($"No test named '{name}'"),
        };
    }

    public static bool Exists(string name) => name is "defined" or "undefined" or "none" or "boolean" or "true" or "false"
        or "string" or "number" or "integer" or "float" or "iterable" or "sequence" or "mapping" or "callable" or "lower"
        or "upper" or "odd" or "even" or "divisibleby" or "equalto" or "eq" or "==" or "ne" or "!=" or "sameas" or "lt"
        or "<" or "le" or "<=" or "gt" or ">" or "ge" or ">=" or "in" or "escaped" or "filter" or "test";

    private static long Integer(JinjaValue value, string test) => value is IntegerValue i
        ? i.Value
        : throw new TemplateRuntimeException($"The test '{test}' needs an integer, not '{value.TypeName}'");
}
