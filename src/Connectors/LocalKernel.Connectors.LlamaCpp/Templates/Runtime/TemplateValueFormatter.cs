using System.Globalization;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Turns values into text the way the reference engine does: <c>{{ x }}</c> output, <c>~</c> concatenation and
/// <c>tojson</c>. Lists and dicts print as JSON (<c>["a", 1]</c>), booleans as <c>true</c>/<c>false</c>.
/// </summary>
internal static class TemplateValueFormatter
{
    // Cyclic structures are possible (a list appended to itself); nothing real nests this deep.
    private const int MaxJsonDepth = 256;

    /// <summary>How <c>{{ value }}</c> prints a value. Undefined and none print as nothing.</summary>
    public static string ToOutput(JinjaValue value, int maxLength = int.MaxValue) => value switch
    {
        JinjaString s => s.Value,
        JinjaUndefined or JinjaNone => string.Empty,
        JinjaBoolean b => b.Value ? "true" : "false",
        JinjaInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        JinjaFloat f => JinjaNumbers.FloatToOutput(f.Value),
        JinjaList or JinjaDict or JinjaNamespace or JinjaLoop => ToJson(value, TemplateJsonOptions.Printing, maxLength),
        JinjaCallable c => $"<function {c.Name}>",
        _ => string.Empty,
    };

    /// <summary>
    /// How an operand reads in <c>a ~ b</c> (and in <c>+</c> with a string): like output, except that a float
    /// keeps no <c>.0</c> (JavaScript's String(2.0) is "2"), undefined is empty and none is "None".
    /// </summary>
    public static string ToConcat(JinjaValue value, int maxLength = int.MaxValue) => value switch
    {
        JinjaFloat f => JinjaNumbers.ToJsString(f.Value),
        JinjaNone => "None",
        _ => ToOutput(value, maxLength),
    };

    public static string ToJson(JinjaValue value, TemplateJsonOptions options, int maxLength)
    {
        var builder = new StringBuilder();
        WriteJson(builder, value, options, 0, maxLength);
        return builder.ToString();
    }

    private static void WriteJson(StringBuilder builder, JinjaValue value, TemplateJsonOptions options, int depth, int maxLength)
    {
        if (depth > MaxJsonDepth)
        {
            throw new TemplateRuntimeException($"Cannot serialize a value nested deeper than {MaxJsonDepth} levels (is it cyclic?)");
        }

        if (builder.Length > maxLength)
        {
            throw new TemplateRuntimeException(
                $"The rendered text or a value in it exceeds the limit of {maxLength} characters", ChatTemplateErrorKind.LimitExceeded);
        }

        switch (value)
        {
            case JinjaUndefined:
                builder.Append(options.UndefinedAsNull ? "null" : "undefined");
                break;
            case JinjaNone:
                builder.Append("null");
                break;
            case JinjaBoolean b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case JinjaInteger i:
                builder.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case JinjaFloat f:
                builder.Append(double.IsFinite(f.Value) ? JinjaNumbers.ToJsString(f.Value) : "null");
                break;
            case JinjaString s:
                WriteJsonString(builder, s.Value, options.EnsureAscii);
                break;
            case JinjaList list:
                WriteContainer(builder, '[', ']', list.Items, options, depth, maxLength, static (b, item, o, d, m) => WriteJson(b, item, o, d, m));
                break;
            case JinjaDict dict:
                var entries = dict.Entries.Select(e => KeyValuePair.Create(KeyToString(e.Key), e.Value));
                WriteObject(builder, entries, options, depth, maxLength);
                break;
            case JinjaNamespace ns:
                WriteObject(builder, ns.Attributes, options, depth, maxLength);
                break;
            case JinjaLoop loop:
                WriteJson(builder, loop.ToDict(), options, depth, maxLength);
                break;
            default:
                throw new TemplateRuntimeException($"Object of type {value.TypeName} is not JSON serializable");
        }
    }

    private static void WriteObject(
        StringBuilder builder, IEnumerable<KeyValuePair<string, JinjaValue>> entries, TemplateJsonOptions options, int depth, int maxLength)
    {
        if (options.SortKeys)
        {
            entries = entries.OrderBy(e => e.Key, StringComparer.Ordinal);
        }

        WriteContainer(builder, '{', '}', entries, options, depth, maxLength, static (b, entry, o, d, m) =>
        {
            WriteJsonString(b, entry.Key, o.EnsureAscii);
            b.Append(o.KeySeparator);
            WriteJson(b, entry.Value, o, d, m);
        });
    }

    private static void WriteContainer<T>(
        StringBuilder builder,
        char open,
        char close,
        IEnumerable<T> items,
        TemplateJsonOptions options,
        int depth,
        int maxLength,
        Action<StringBuilder, T, TemplateJsonOptions, int, int> writeItem)
    {
        builder.Append(open);

        // An indent of 0 is falsy to the reference engine: it then writes everything on one line.
        var indent = options.Indent > 0 ? options.Indent : 0;
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                builder.Append(options.ItemSeparator);
            }

            if (indent > 0)
            {
                builder.Append('\n').Append(' ', indent * (depth + 1));
            }

            writeItem(builder, item, options, depth + 1, maxLength);
            first = false;
        }

        if (indent > 0 && !first)
        {
            builder.Append('\n').Append(' ', indent * depth);
        }

        builder.Append(close);
    }

    // Python's json.dumps turns non-string keys into strings: 1 -> "1", True -> "true", None -> "null".
    private static string KeyToString(JinjaValue key) => key switch
    {
        JinjaString s => s.Value,
        JinjaNone => "null",
        JinjaFloat f => JinjaNumbers.ToJsString(f.Value),
        _ => ToOutput(key),
    };

    /// <summary>JSON.stringify's escaping; with <paramref name="ensureAscii"/> also every character from U+007F as \uXXXX.</summary>
    private static void WriteJsonString(StringBuilder builder, string value, bool ensureAscii)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ':
                    AppendUnicodeEscape(builder, c);
                    break;
                default:
                    if (ensureAscii && c >= '\u007f')
                    {
                        AppendUnicodeEscape(builder, c);
                    }
                    else if (char.IsSurrogate(c) && !IsPairedSurrogate(value, i))
                    {
                        // Well-formed JSON.stringify escapes a lone surrogate instead of writing invalid UTF-16.
                        AppendUnicodeEscape(builder, c);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    private static bool IsPairedSurrogate(string value, int i) =>
        char.IsHighSurrogate(value[i])
            ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
            : i > 0 && char.IsHighSurrogate(value[i - 1]);

    private static void AppendUnicodeEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
