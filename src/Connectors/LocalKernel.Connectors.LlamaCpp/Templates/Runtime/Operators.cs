namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Binary operators, equality and ordering. Where the reference engine renders a result these follow it
/// (<c>"a" + 1</c> is <c>"a1"</c>, <c>%</c> keeps the dividend's sign); where it fails, Python's rules apply
/// (<c>"ab" * 2</c>, string ordering, <c>x ~ undefined</c>).
/// </summary>
internal static class Operators
{
    private const int MaxCompareDepth = 256;

    public static JinjaValue Binary(string op, JinjaValue left, JinjaValue right, RenderState state)
    {
        switch (op)
        {
            case "==":
                return BooleanValue.Of(LooseEquals(left, right));
            case "!=":
                return BooleanValue.Of(!LooseEquals(left, right));
            case "~":
                return Concat(left, right, state);
            case "in":
                return BooleanValue.Of(Contains(right, left));
            case "not in":
                return BooleanValue.Of(!Contains(right, left));
        }

        if (left.IsNullish || right.IsNullish)
        {
            throw new TemplateRuntimeException(
                $"Unsupported operand types for {op}: '{left.TypeName}' and '{right.TypeName}'");
        }

        if (Numbers.TryGetNumber(left, out var a) && Numbers.TryGetNumber(right, out var b))
        {
            return Arithmetic(op, left, right, a, b);
        }

        switch (op, left, right)
        {
            case ("+", ListValue l, ListValue r):
                state.CheckLength((long)l.Count + r.Count);
                return new ListValue(l.Items.Concat(r.Items));
            case ("+", StringValue, _) or ("+", _, StringValue):
                return Concat(left, right, state);
            case ("*", StringValue s, IntegerValue n):
                return Repeat(s, n.Value, state);
            case ("*", IntegerValue n, StringValue s):
                return Repeat(s, n.Value, state);
            case ("*", ListValue l, IntegerValue n):
                return RepeatList(l, n.Value, state);
            case ("<" or ">" or "<=" or ">=", StringValue l, StringValue r):
                var order = string.CompareOrdinal(l.Value, r.Value);
                return BooleanValue.Of(op switch { "<" => order < 0, ">" => order > 0, "<=" => order <= 0, _ => order >= 0 });
        }

        throw new TemplateRuntimeException($"Unsupported operand types for {op}: '{left.TypeName}' and '{right.TypeName}'");
    }

    public static JinjaValue Concat(JinjaValue left, JinjaValue right, RenderState state)
    {
        var text = ValueFormatter.ToConcat(left, state.MaxOutputLength) + ValueFormatter.ToConcat(right, state.MaxOutputLength);
        state.CheckLength(text.Length);
        return new StringValue(text);
    }

    private static JinjaValue Arithmetic(string op, JinjaValue left, JinjaValue right, double a, double b)
    {
        var integral = left is not FloatValue && right is not FloatValue;
        if (integral && left is IntegerValue or BooleanValue && right is IntegerValue or BooleanValue &&
            op is "+" or "-" or "*" && TryIntegerArithmetic(op, (long)a, (long)b, out var exact))
        {
            return new IntegerValue(exact);
        }

        switch (op)
        {
            case "+": return Numbers.Result(a + b, integral);
            case "-": return Numbers.Result(a - b, integral);
            case "*": return Numbers.Result(a * b, integral);
            case "/":
                RejectZero(b);
                return new FloatValue(a / b);
            case "//":
                RejectZero(b);
                return Numbers.Result(Math.Floor(a / b), integral);
            case "%":
                RejectZero(b);
                // The remainder takes the dividend's sign, as in JavaScript (the reference), not the divisor's as in Python.
                return Numbers.Result(a % b, integral);
            case "**":
                if (a == 0 && b < 0)
                {
                    throw new TemplateRuntimeException("0.0 cannot be raised to a negative power");
                }

                var power = Math.Pow(a, b);
                if (!double.IsFinite(power))
                {
                    throw new TemplateRuntimeException("The result of ** is not a finite number");
                }

                return Numbers.Result(power, integral && b >= 0);
            case "<": return BooleanValue.Of(a < b);
            case ">": return BooleanValue.Of(a > b);
            case "<=": return BooleanValue.Of(a <= b);
            case ">=": return BooleanValue.Of(a >= b);
            default:
                throw new TemplateRuntimeException($"Unsupported operand types for {op}: '{left.TypeName}' and '{right.TypeName}'");
        }
    }

    private static bool TryIntegerArithmetic(string op, long a, long b, out long result)
    {
        try
        {
            result = op switch { "+" => checked(a + b), "-" => checked(a - b), _ => checked(a * b) };
            return true;
        }
        catch (OverflowException)
        {
            result = 0;
            return false;
        }
    }

    private static void RejectZero(double divisor)
    {
        if (divisor == 0)
        {
            throw new TemplateRuntimeException("Division by zero");
        }
    }

    private static StringValue Repeat(StringValue s, long count, RenderState state)
    {
        if (count <= 0 || s.Value.Length == 0)
        {
            return StringValue.Empty;
        }

        state.CheckLength(s.Value.Length * Math.Min(count, int.MaxValue));
        return new StringValue(string.Concat(Enumerable.Repeat(s.Value, (int)count)));
    }

    private static ListValue RepeatList(ListValue list, long count, RenderState state)
    {
        if (count <= 0 || list.Count == 0)
        {
            return new ListValue([]);
        }

        state.CheckLength(list.Count * Math.Min(count, int.MaxValue));
        return new ListValue(Enumerable.Repeat(list.Items, (int)count).SelectMany(items => items));
    }

    /// <summary><c>needle in haystack</c>: list membership, substring, or dict key.</summary>
    public static bool Contains(JinjaValue haystack, JinjaValue needle) => haystack switch
    {
        UndefinedValue => false,
        ListValue list => list.Items.Any(item => StrictEquals(item, needle)),
        StringValue s when needle is StringValue n => s.Value.Contains(n.Value, StringComparison.Ordinal),
        DictValue dict => dict.ContainsKey(needle),
        NamespaceValue ns when needle is StringValue n => ns.Attributes.ContainsKey(n.Value),
        _ => throw new TemplateRuntimeException($"Argument of type '{haystack.TypeName}' does not support 'in' with '{needle.TypeName}'"),
    };

    /// <summary>
    /// <c>==</c>: undefined equals none, numbers and booleans compare by value, a string equals a number it
    /// spells (the reference engine compares loosely), lists and dicts compare by content.
    /// </summary>
    public static bool LooseEquals(JinjaValue left, JinjaValue right) => LooseEquals(left, right, 0);

    private static bool LooseEquals(JinjaValue left, JinjaValue right, int depth)
    {
        if (left.IsNullish || right.IsNullish)
        {
            return left.IsNullish && right.IsNullish;
        }

        if (left is StringValue ls && Numbers.TryGetNumber(right, out var rn))
        {
            return Numbers.JsStringToNumber(ls.Value) == rn;
        }

        if (right is StringValue rs && Numbers.TryGetNumber(left, out var ln))
        {
            return Numbers.JsStringToNumber(rs.Value) == ln;
        }

        return StructuralEquals(left, right, depth, strict: false);
    }

    /// <summary>Equality for <c>in</c>, <c>unique</c> and <c>is equalto</c>: no conversions between strings, numbers and booleans.</summary>
    public static bool StrictEquals(JinjaValue left, JinjaValue right) => StructuralEquals(left, right, 0, strict: true);

    private static bool StructuralEquals(JinjaValue left, JinjaValue right, int depth, bool strict)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (depth > MaxCompareDepth)
        {
            throw new TemplateRuntimeException("Cannot compare values nested this deeply (are they cyclic?)");
        }

        switch (left, right)
        {
            case (StringValue a, StringValue b):
                return string.Equals(a.Value, b.Value, StringComparison.Ordinal);
            case (BooleanValue a, BooleanValue b):
                return a.Value == b.Value;
            case (IntegerValue or FloatValue, IntegerValue or FloatValue):
                Numbers.TryGetNumber(left, out var x);
                Numbers.TryGetNumber(right, out var y);
                return x == y;
            case (BooleanValue, IntegerValue or FloatValue) or (IntegerValue or FloatValue, BooleanValue) when !strict:
                Numbers.TryGetNumber(left, out var p);
                Numbers.TryGetNumber(right, out var q);
                return p == q;
            case (NoneValue, NoneValue) or (UndefinedValue, UndefinedValue):
                return true;
            case (ListValue a, ListValue b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!(strict ? StructuralEquals(a.Items[i], b.Items[i], depth + 1, strict) : LooseEquals(a.Items[i], b.Items[i], depth + 1)))
                    {
                        return false;
                    }
                }

                return true;
            case (DictValue a, DictValue b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                foreach (var (key, value) in a.Entries)
                {
                    if (!b.TryGet(key, out var other) || !StructuralEquals(value, other, depth + 1, strict))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Ordering for <c>sort</c>, <c>dictsort</c>, <c>min</c> and <c>max</c>: numbers by value, strings ordinally (case-insensitive unless asked).</summary>
    public static int Compare(JinjaValue left, JinjaValue right, bool caseSensitive)
    {
        if (left is NoneValue && right is NoneValue)
        {
            return 0;
        }

        if (Numbers.TryGetNumber(left, out var a) && Numbers.TryGetNumber(right, out var b))
        {
            return a.CompareTo(b);
        }

        if (left is StringValue ls && right is StringValue rs)
        {
            return caseSensitive
                ? string.CompareOrdinal(ls.Value, rs.Value)
                : string.CompareOrdinal(ls.Value.ToLowerInvariant(), rs.Value.ToLowerInvariant());
        }

        throw new TemplateRuntimeException($"Cannot compare '{left.TypeName}' with '{right.TypeName}'");
    }
}
