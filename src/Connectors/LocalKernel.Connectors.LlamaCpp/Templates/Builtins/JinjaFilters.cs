using System.Globalization;
using System.Text.RegularExpressions;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The filters (<c>value | name(arguments)</c>). Where the reference engine has a filter, its behaviour is
/// matched; the others follow Jinja's definitions. The arguments are null when the filter was
/// written without parentheses.
/// </summary>
internal static partial class JinjaFilters
{
    public static JinjaValue Apply(string name, JinjaValue operand, TemplateCallArguments? arguments, TemplateCallContext context)
    {
        context.State.Step();
        var a = arguments ?? TemplateCallArguments.Empty;
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
                    JinjaString => operand,
                    JinjaDict => new JinjaString(JinjaPythonFormat.Str(operand)),
                    _ => new JinjaString(ToText(operand, max)),
                };
            case "length" or "count":
                return Length(operand);
            case "default" or "d":
                var useDefault = operand is JinjaUndefined || (a.Get(1, "boolean", JinjaBoolean.False).IsTruthy && !operand.IsTruthy);
                return useDefault ? a.Get(0, "default_value", JinjaString.Empty) : operand;
            case "trim":
                return new JinjaString(JinjaStrings.Strip(ToText(operand, max), JinjaArgs.OptionalString(a.Get(0, "chars", JinjaNone.Instance), name, "chars"), true, true));
            case "upper":
                return new JinjaString(ToText(operand, max).ToUpperInvariant());
            case "lower":
                return new JinjaString(ToText(operand, max).ToLowerInvariant());
            case "title":
                return new JinjaString(JinjaStrings.Title(ToText(operand, max)));
            case "capitalize":
                return new JinjaString(JinjaStrings.Capitalize(ToText(operand, max)));
            case "replace":
                var replaced = JinjaStrings.Replace(
                    ToText(operand, max),
                    ToText(a.Get(0, "old", JinjaUndefined.Instance), max),
                    ToText(a.Get(1, "new", JinjaUndefined.Instance), max),
                    a.Get(2, "count", JinjaNone.Instance) is { IsNullish: false } count ? JinjaArgs.Integer(count, name, "count") : -1);
                context.State.CheckLength(replaced.Length);
                return new JinjaString(replaced);
            case "indent":
                return Indent(operand, a, max);
            case "e" or "escape" or "forceescape":
                return new JinjaString(JinjaStrings.Escape(ToText(operand, max)));
            case "wordcount":
                return new JinjaInteger(Words().Count(ToText(operand, max)));
            case "int":
                return ToInteger(operand, a.Get(0, "default", new JinjaInteger(0)));
            case "float":
                return ToFloat(operand, a.Get(0, "default", new JinjaFloat(0)));
            case "bool":
                return JinjaBoolean.Of(operand.IsTruthy);
            case "abs":
                return operand switch
                {
                    JinjaInteger i when i.Value != long.MinValue => new JinjaInteger(Math.Abs(i.Value)),
                    JinjaFloat f => new JinjaFloat(Math.Abs(f.Value)),
                    JinjaBoolean b => new JinjaInteger(b.Value ? 1 : 0),
                    _ => throw new TemplateRuntimeException($"abs needs a number, not '{operand.TypeName}'"),
                };
            case "round":
                return Round(operand, a);
            case "from_json":
                return FromJson(operand);
            case "attr":
                return JinjaMembers.Get(operand, a.Get(0, "name", JinjaUndefined.Instance));
            case "format":
                return new JinjaString(JinjaPythonFormat.Percent(ToText(operand, max), a));
            case "center":
                var text = ToText(operand, max);
                var width = (int)Math.Min(JinjaArgs.Integer(a.Get(0, "width", new JinjaInteger(80)), name, "width"), max);
                var left = Math.Max(0, (width - text.Length) / 2);
                return new JinjaString(text.PadLeft(text.Length + left).PadRight(width));
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
        JinjaString s => s.Value,
        JinjaNone => "None",
        _ => TemplateValueFormatter.ToOutput(value, maxLength),
    };

    private static JinjaValue ToJson(JinjaValue operand, TemplateCallArguments a, TemplateRenderState state)
    {
        var indent = a.Get(0, "indent", JinjaNone.Instance);
        var separators = a.Get(-1, "separators", JinjaNone.Instance);
        string? itemSeparator = null;
        string? keySeparator = null;
        if (separators is JinjaList { Count: 2 } pair)
        {
            itemSeparator = JinjaArgs.String(pair.Items[0], "tojson", "separators");
            keySeparator = JinjaArgs.String(pair.Items[1], "tojson", "separators");
        }
        else if (!separators.IsNullish)
        {
            throw new TemplateRuntimeException("tojson(): 'separators' must be a pair of strings");
        }

        var options = new TemplateJsonOptions(
            Indent: indent.IsNullish ? 0 : (int)Math.Clamp(JinjaArgs.Integer(indent, "tojson", "indent"), 0, 64),
            EnsureAscii: a.Get(-1, "ensure_ascii", JinjaBoolean.False).IsTruthy,
            SortKeys: a.Get(-1, "sort_keys", JinjaBoolean.False).IsTruthy,
            ItemSeparatorOverride: itemSeparator,
            KeySeparatorOverride: keySeparator);
        var json = TemplateValueFormatter.ToJson(operand, options, state.MaxOutputLength);
        state.CheckLength(json.Length);
        return new JinjaString(json);
    }

    private static JinjaInteger Length(JinjaValue operand) => operand switch
    {
        JinjaString s => new JinjaInteger(s.Value.Length),
        JinjaList list => new JinjaInteger(list.Count),
        JinjaDict dict => new JinjaInteger(dict.Count),
        JinjaNamespace ns => new JinjaInteger(ns.Attributes.Count),
        JinjaUndefined => new JinjaInteger(0),
        _ => throw new TemplateRuntimeException($"Object of type '{operand.TypeName}' has no length"),
    };

    private static JinjaString Indent(JinjaValue operand, TemplateCallArguments a, int max)
    {
        var widthValue = a.Get(0, "width", new JinjaInteger(4));
        var indent = widthValue is JinjaString w ? w.Value : new string(' ', (int)Math.Clamp(JinjaArgs.Integer(widthValue, "indent", "width"), 0, 1024));
        var first = a.Get(1, "first", JinjaBoolean.False).IsTruthy;
        var blank = a.Get(2, "blank", JinjaBoolean.False).IsTruthy;
        var lines = ToText(operand, max).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if ((i > 0 || first) && (lines[i].Length > 0 || blank))
            {
                lines[i] = indent + lines[i];
            }
        }

        return new JinjaString(string.Join('\n', lines));
    }

    /// <summary>
    /// <c>int</c>: a string is read as JavaScript's parseInt reads it (leading digits, "12abc" is 12), a float
    /// is floored; what cannot be read gives the default.
    /// </summary>
    private static JinjaValue ToInteger(JinjaValue operand, JinjaValue fallback)
    {
        switch (operand)
        {
            case JinjaInteger:
                return operand;
            case JinjaBoolean b:
                return new JinjaInteger(b.Value ? 1 : 0);
            case JinjaFloat f when double.IsFinite(f.Value):
                return JinjaNumbers.Result(Math.Floor(f.Value), integral: true);
            case JinjaString s:
                var match = LeadingInteger().Match(JsWhitespace.TrimStart(s.Value));
                if (match.Success && long.TryParse(match.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return new JinjaInteger(parsed);
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
            case JinjaInteger i:
                return new JinjaFloat(i.Value);
            case JinjaFloat:
                return operand;
            case JinjaBoolean b:
                return new JinjaFloat(b.Value ? 1 : 0);
            case JinjaString s:
                var match = LeadingFloat().Match(JsWhitespace.TrimStart(s.Value));
                if (!match.Success)
                {
                    return fallback;
                }

                return double.TryParse(match.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                    ? new JinjaFloat(parsed)
                    : fallback;
            default:
                return fallback;
        }
    }

    private static JinjaFloat Round(JinjaValue operand, TemplateCallArguments a)
    {
        if (!JinjaNumbers.TryGetNumber(operand, out var value))
        {
            throw new TemplateRuntimeException($"round needs a number, not '{operand.TypeName}'");
        }

        var precision = (int)Math.Clamp(JinjaArgs.Integer(a.Get(0, "precision", new JinjaInteger(0)), "round", "precision"), 0, 15);
        var method = JinjaArgs.String(a.Get(1, "method", new JinjaString("common")), "round", "method");
        var scale = Math.Pow(10, precision);
        return new JinjaFloat(method switch
        {
            "common" => Math.Round(value, precision, MidpointRounding.AwayFromZero),
            "floor" => Math.Floor(value * scale) / scale,
            "ceil" => Math.Ceiling(value * scale) / scale,
            _ => throw new TemplateRuntimeException("round(): method must be 'common', 'floor' or 'ceil'"),
        });
    }

    private static JinjaValue FromJson(JinjaValue operand)
    {
        if (operand is not JinjaString s)
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
