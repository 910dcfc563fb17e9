using System.Globalization;
using System.Text.RegularExpressions;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The filters (<c>value | name(arguments)</c>). Where the reference engine has a filter, its behaviour is
/// matched; the others follow Jinja's definitions. The arguments are null when the filter was
/// written without parentheses.
/// </summary>
internal static partial class Filters
{
    public static JinjaValue Apply(string name, JinjaValue operand, CallArguments? arguments, CallContext context)
    {
        context.State.Step();
        var a = arguments ?? CallArguments.Empty;
        var max = context.State.MaxOutputLength;
        switch (name)
        {
            case "safe":
                return operand;
            case "tojson":
                return ToJson(operand, a, context.State);
            case "string":
                // A list prints as JSON, as the reference engine prints it; a dict (which the reference cannot
                // stringify) as Python's str() does, which is what the model saw in training.
                return operand switch
                {
                    StringValue => operand,
                    DictValue => new StringValue(PythonFormat.Str(operand)),
                    _ => new StringValue(ToText(operand, max)),
                };
            case "length" or "count":
                return Length(operand);
            case "default" or "d":
                var useDefault = operand is UndefinedValue || (a.Get(1, "boolean", BooleanValue.False).IsTruthy && !operand.IsTruthy);
                return useDefault ? a.Get(0, "default_value", StringValue.Empty) : operand;
            case "trim":
                return new StringValue(Strings.Strip(ToText(operand, max), Args.OptionalString(a.Get(0, "chars", NoneValue.Instance), name, "chars"), true, true));
            case "upper":
                return new StringValue(ToText(operand, max).ToUpperInvariant());
            case "lower":
                return new StringValue(ToText(operand, max).ToLowerInvariant());
            case "title":
                return new StringValue(Strings.Title(ToText(operand, max)));
            case "capitalize":
                return new StringValue(Strings.Capitalize(ToText(operand, max)));
            case "replace":
                var replaced = Strings.Replace(
                    ToText(operand, max),
                    ToText(a.Get(0, "old", UndefinedValue.Instance), max),
                    ToText(a.Get(1, "new", UndefinedValue.Instance), max),
                    a.Get(2, "count", NoneValue.Instance) is { IsNullish: false } count ? Args.Integer(count, name, "count") : -1);
                context.State.CheckLength(replaced.Length);
                return new StringValue(replaced);
            case "indent":
                return Indent(operand, a, max);
            case "e" or "escape" or "forceescape":
                return new StringValue(Strings.Escape(ToText(operand, max)));
            case "wordcount":
                return new IntegerValue(Words().Count(ToText(operand, max)));
            case "int":
                return ToInteger(operand, a.Get(0, "default", new IntegerValue(0)));
            case "float":
                return ToFloat(operand, a.Get(0, "default", new FloatValue(0)));
            case "bool":
                return BooleanValue.Of(operand.IsTruthy);
            case "abs":
                return operand switch
                {
                    IntegerValue i when i.Value != long.MinValue => new IntegerValue(Math.Abs(i.Value)),
                    FloatValue f => new FloatValue(Math.Abs(f.Value)),
                    BooleanValue b => new IntegerValue(b.Value ? 1 : 0),
                    _ => throw new TemplateRuntimeException($"abs needs a number, not '{operand.TypeName}'"),
                };
            case "round":
                return Round(operand, a);
            case "from_json":
                return FromJson(operand);
            case "attr":
                return Members.Get(operand, a.Get(0, "name", UndefinedValue.Instance));
            case "format":
                return new StringValue(PythonFormat.Percent(ToText(operand, max), a));
            case "center":
                var text = ToText(operand, max);
                var width = (int)Math.Min(Args.Integer(a.Get(0, "width", new IntegerValue(80)), name, "width"), max);
                var left = Math.Max(0, (width - text.Length) / 2);
                return new StringValue(text.PadLeft(text.Length + left).PadRight(width));
            default:
                return ApplyCollectionFilter(name, operand, a, context);
        }
    }

    public static bool Exists(string name) => name is "safe" or "tojson" or "string" or "length" or "count" or "default"
        or "d" or "trim" or "upper" or "lower" or "title" or "capitalize" or "replace" or "indent" or "e" or "escape"
        or "forceescape" or "wordcount" or "int" or "float" or "bool" or "abs" or "round" or "from_json" or "attr"
        or "format" or "center" or "first" or "last" or "join" or "list" or "items" or "reverse" or "unique" or "sort"
        or "dictsort" or "selectattr" or "rejectattr" or "select" or "reject" or "map" or "batch" or "min" or "max"
        or "sum";

    /// <summary>The text of a value for string filters: as printed, with undefined empty and none as "None".</summary>
    public static string ToText(JinjaValue value, int maxLength) => value switch
    {
        StringValue s => s.Value,
        NoneValue => "None",
        _ => ValueFormatter.ToOutput(value, maxLength),
    };

    private static JinjaValue ToJson(JinjaValue operand, CallArguments a, RenderState state)
    {
        var indent = a.Get(0, "indent", NoneValue.Instance);
        var separators = a.Get(-1, "separators", NoneValue.Instance);
        string? itemSeparator = null;
        string? keySeparator = null;
        if (separators is ListValue { Count: 2 } pair)
        {
            itemSeparator = Args.String(pair.Items[0], "tojson", "separators");
            keySeparator = Args.String(pair.Items[1], "tojson", "separators");
        }
        else if (!separators.IsNullish)
        {
            throw new TemplateRuntimeException("tojson(): 'separators' must be a pair of strings");
        }

        var options = new JsonOptions(
            Indent: indent.IsNullish ? 0 : (int)Math.Clamp(Args.Integer(indent, "tojson", "indent"), 0, 64),
            EnsureAscii: a.Get(-1, "ensure_ascii", BooleanValue.False).IsTruthy,
            SortKeys: a.Get(-1, "sort_keys", BooleanValue.False).IsTruthy,
            ItemSeparatorOverride: itemSeparator,
            KeySeparatorOverride: keySeparator);
        var json = ValueFormatter.ToJson(operand, options, state.MaxOutputLength);
        state.CheckLength(json.Length);
        return new StringValue(json);
    }

    private static IntegerValue Length(JinjaValue operand) => operand switch
    {
        StringValue s => new IntegerValue(s.Value.Length),
        ListValue list => new IntegerValue(list.Count),
        DictValue dict => new IntegerValue(dict.Count),
        NamespaceValue ns => new IntegerValue(ns.Attributes.Count),
        UndefinedValue => new IntegerValue(0),
        _ => throw new TemplateRuntimeException($"Object of type '{operand.TypeName}' has no length"),
    };

    private static StringValue Indent(JinjaValue operand, CallArguments a, int max)
    {
        var widthValue = a.Get(0, "width", new IntegerValue(4));
        var indent = widthValue is StringValue w ? w.Value : new string(' ', (int)Math.Clamp(Args.Integer(widthValue, "indent", "width"), 0, 1024));
        var first = a.Get(1, "first", BooleanValue.False).IsTruthy;
        var blank = a.Get(2, "blank", BooleanValue.False).IsTruthy;
        var lines = ToText(operand, max).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if ((i > 0 || first) && (lines[i].Length > 0 || blank))
            {
                lines[i] = indent + lines[i];
            }
        }

        return new StringValue(string.Join('\n', lines));
    }

    /// <summary>
    /// <c>int</c>: a string is read as JavaScript's parseInt reads it (leading digits, "12abc" is 12), a float
    /// is floored; what cannot be read gives the default.
    /// </summary>
    private static JinjaValue ToInteger(JinjaValue operand, JinjaValue fallback)
    {
        switch (operand)
        {
            case IntegerValue:
                return operand;
            case BooleanValue b:
                return new IntegerValue(b.Value ? 1 : 0);
            case FloatValue f when double.IsFinite(f.Value):
                return Numbers.Result(Math.Floor(f.Value), integral: true);
            case StringValue s:
                var match = LeadingInteger().Match(JsWhitespace.TrimStart(s.Value));
                if (match.Success && long.TryParse(match.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return new IntegerValue(parsed);
                }

                return fallback;
            default:
                return fallback;
        }
    }

    /// <summary><c>float</c>: a string is read as JavaScript's parseFloat reads it (the longest numeric prefix).</summary>
    private static JinjaValue ToFloat(JinjaValue operand, JinjaValue fallback)
    {
        switch (operand)
        {
            case IntegerValue i:
                return new FloatValue(i.Value);
            case FloatValue:
                return operand;
            case BooleanValue b:
                return new FloatValue(b.Value ? 1 : 0);
            case StringValue s:
                var match = LeadingFloat().Match(JsWhitespace.TrimStart(s.Value));
                if (!match.Success)
                {
                    return fallback;
                }

                return double.TryParse(match.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                    ? new FloatValue(parsed)
                    : fallback;
            default:
                return fallback;
        }
    }

    private static FloatValue Round(JinjaValue operand, CallArguments a)
    {
        if (!Numbers.TryGetNumber(operand, out var value))
        {
            throw new TemplateRuntimeException($"round needs a number, not '{operand.TypeName}'");
        }

        var precision = (int)Math.Clamp(Args.Integer(a.Get(0, "precision", new IntegerValue(0)), "round", "precision"), 0, 15);
        var method = Args.String(a.Get(1, "method", new StringValue("common")), "round", "method");
        var scale = Math.Pow(10, precision);
        return new FloatValue(method switch
        {
            "common" => Math.Round(value, precision, MidpointRounding.AwayFromZero),
            "floor" => Math.Floor(value * scale) / scale,
            "ceil" => Math.Ceiling(value * scale) / scale,
            _ => throw new TemplateRuntimeException("round(): method must be 'common', 'floor' or 'ceil'"),
        });
    }

    private static JinjaValue FromJson(JinjaValue operand)
    {
        if (operand is not StringValue s)
        {
            throw new TemplateRuntimeException($"from_json needs a string, not '{operand.TypeName}'");
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(s.Value);
            return JinjaValue.FromJson(document.RootElement);
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new TemplateRuntimeException($"from_json: the string is not valid JSON ({error.Message})");
        }
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Words();

    [GeneratedRegex("^[+-]?[0-9]+")]
    private static partial Regex LeadingInteger();

    [GeneratedRegex("^[+-]?(Infinity|([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?)")]
    private static partial Regex LeadingFloat();
}
