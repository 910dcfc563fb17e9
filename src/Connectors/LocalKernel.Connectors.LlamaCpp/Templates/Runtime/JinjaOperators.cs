namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Binary operators, equality and ordering. Where the reference engine renders a result these follow it
/// (<c>"a" + 1</c> is <c>"a1"</c>, <c>%</c> keeps the dividend's sign); where it fails, Python's rules apply
/// (<c>"ab" * 2</c>, string ordering, <c>x ~ undefined</c>).
/// </summary>
internal static class JinjaOperators
{
    private const int MaxCompareDepth = 256;

    public static JinjaValue Binary(string op, JinjaValue left, JinjaValue right, TemplateRenderState state)
    {
        switch (op)
        {
            case "==":
                return JinjaBoolean.Of(LooseEquals(left, right));
            case "!=":
                return JinjaBoolean.Of(!LooseEquals(left, right));
            case "~":
                return Concat(left, right, state);
            case "in":
                return JinjaBoolean.Of(Contains(right, left));
            case "not in":
                return JinjaBoolean.Of(!Contains(right, left));
        }

        if (left.IsNullish || right.IsNullish)
        {
            throw new TemplateRuntimeException(
                $"Unsupported operand types for {op}: '{left.TypeName}' and '{right.TypeName}'");
        }

        if (JinjaNumbers.TryGetNumber(left, out var a) && JinjaNumbers.TryGetNumber(right, out var b))
        {
            return Arithmetic(op, left, right, a, b);
        }

        switch (op, left, right)
        {
            case ("+", JinjaList l, JinjaList r):
                state.CheckLength((long)l.Count + r.Count);
                return new JinjaList(l.Items.Concat(r.Items));
            case ("+", JinjaString, _) or ("+", _, JinjaString):
                return Concat(left, right, state);
            case ("*", JinjaString s, JinjaInteger n):
                return Repeat(s, n.Value, state);
            case ("*", JinjaInteger n, JinjaString s):
                return Repeat(s, n.Value, state);
            case ("*", JinjaList l, JinjaInteger n):
                return RepeatList(l, n.Value, state);
            case ("<" or ">" or "<=" or ">=", JinjaString l, JinjaString r):
                var order = string.CompareOrdinal(l.Value, r.Value);
                return JinjaBoolean.Of(op switch { "<" => order < 0, ">" => order > 0, "<=" => order <= 0, _ => order >= 0 });
        }

        throw new TemplateRuntimeException($"Unsupported operand types for {op}: '{left.TypeName}' and '{right.TypeName}'");
    }

    public static JinjaValue Concat(JinjaValue left, JinjaValue right, TemplateRenderState state)
    {
        var text = TemplateValueFormatter.ToConcat(left, state.MaxOutputLength) + TemplateValueFormatter.ToConcat(right, state.MaxOutputLength);
        state.CheckLength(text.Length);
        return new JinjaString(text);
    }

    private static JinjaValue Arithmetic(string op, JinjaValue left, JinjaValue right, double a, double b)
    {
        var integral = left is not JinjaFloat && right is not JinjaFloat;
        if (integral && left is JinjaInteger or JinjaBoolean && right is JinjaInteger or JinjaBoolean &&
            op is "+" or "-" or "*" && TryIntegerArithmetic(op, (long)a, (long)b, out var exact))
        {
            return new JinjaInteger(exact);
        }

        switch (op)
        {
            case "+": return JinjaNumbers.Result(a + b, integral);
            case "-": return JinjaNumbers.Result(a - b, integral);
            case "*": return JinjaNumbers.Result(a * b, integral);
            case "/":
                RejectZero(b);
                return new JinjaFloat(a / b);
            case "//":
                RejectZero(b);
                return JinjaNumbers.Result(Math.Floor(a / b), integral);
            case "%":
                RejectZero(b);
                // The remainder takes the dividend's sign, as in JavaScript (the reference), not the divisor's as in Python.
                return JinjaNumbers.Result(a % b, integral);
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

                return JinjaNumbers.Result(power, integral && b >= 0);
            case "<": return JinjaBoolean.Of(a < b);
            case ">": return JinjaBoolean.Of(a > b);
            case "<=": return JinjaBoolean.Of(a <= b);
            case ">=": return JinjaBoolean.Of(a >= b);
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

    private static JinjaString Repeat(JinjaString s, long count, TemplateRenderState state)
    {
        if (count <= 0 || s.Value.Length == 0)
        {
            return JinjaString.Empty;
        }

        state.CheckLength(s.Value.Length * Math.Min(count, int.MaxValue));
        return new JinjaString(string.Concat(Enumerable.Repeat(s.Value, (int)count)));
    }

    private static JinjaList RepeatList(JinjaList list, long count, TemplateRenderState state)
    {
        if (count <= 0 || list.Count == 0)
        {
            return new JinjaList([]);
        }

        state.CheckLength(list.Count * Math.Min(count, int.MaxValue));
        return new JinjaList(Enumerable.Repeat(list.Items, (int)count).SelectMany(items => items));
    }

    /// <summary><c>needle in haystack</c>: list membership, substring, or dict key.</summary>
    public static bool Contains(JinjaValue haystack, JinjaValue needle) => haystack switch
    {
        JinjaUndefined => false,
        JinjaList list => list.Items.Any(item => StrictEquals(item, needle)),
        JinjaString s when needle is JinjaString n => s.Value.Contains(n.Value, StringComparison.Ordinal),
        JinjaDict dict => dict.ContainsKey(needle),
        JinjaNamespace ns when needle is JinjaString n => ns.Attributes.ContainsKey(n.Value),
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

        if (left is JinjaString ls && JinjaNumbers.TryGetNumber(right, out var rn))
        {
            return JinjaNumbers.JsStringToNumber(ls.Value) == rn;
        }

        if (right is JinjaString rs && JinjaNumbers.TryGetNumber(left, out var ln))
        {
            return JinjaNumbers.JsStringToNumber(rs.Value) == ln;
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
            case (JinjaString a, JinjaString b):
                return string.Equals(a.Value, b.Value, StringComparison.Ordinal);
            case (JinjaBoolean a, JinjaBoolean b):
                return a.Value == b.Value;
            case (JinjaInteger or JinjaFloat, JinjaInteger or JinjaFloat):
                JinjaNumbers.TryGetNumber(left, out var x);
                JinjaNumbers.TryGetNumber(right, out var y);
                return x == y;
            case (JinjaBoolean, JinjaInteger or JinjaFloat) or (JinjaInteger or JinjaFloat, JinjaBoolean) when !strict:
                JinjaNumbers.TryGetNumber(left, out var p);
                JinjaNumbers.TryGetNumber(right, out var q);
                return p == q;
            case (JinjaNone, JinjaNone) or (JinjaUndefined, JinjaUndefined):
                return true;
            case (JinjaList a, JinjaList b):
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
            case (JinjaDict a, JinjaDict b):
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
        if (left is JinjaNone && right is JinjaNone)
        {
            return 0;
        }

        if (JinjaNumbers.TryGetNumber(left, out var a) && JinjaNumbers.TryGetNumber(right, out var b))
        {
            return a.CompareTo(b);
        }

        if (left is JinjaString ls && right is JinjaString rs)
        {
            return caseSensitive
                ? string.CompareOrdinal(ls.Value, rs.Value)
                : string.CompareOrdinal(ls.Value.ToLowerInvariant(), rs.Value.ToLowerInvariant());
        }

        throw new TemplateRuntimeException($"Cannot compare '{left.TypeName}' with '{right.TypeName}'");
    }
}
