using System.Globalization;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Python's <c>str.format</c> (<c>'{}'.format(x)</c>, <c>'{0}'</c>, <c>'{name}'</c>) and the <c>format</c> filter's
/// <c>%</c>-formatting, for the plain cases templates use. Values format as Python's <c>str()</c> would.
/// </summary>
internal static class JinjaPythonFormat
{
    public static string Format(string template, TemplateCallArguments arguments)
    {
        var result = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                result.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                result.Append('}');
                i++;
                continue;
            }

            if (c == '}')
            {
                throw new TemplateRuntimeException("Single '}' encountered in format string");
            }

            if (c != '{')
            {
                result.Append(c);
                continue;
            }

            var end = template.IndexOf('}', i + 1);
            if (end < 0)
            {
                throw new TemplateRuntimeException("Single '{' encountered in format string");
            }

            var field = template[(i + 1)..end];
            var colon = field.IndexOf(':');
            var spec = colon < 0 ? string.Empty : field[(colon + 1)..];
            var name = colon < 0 ? field : field[..colon];
            JinjaValue value;
            if (name.Length == 0)
            {
                value = Positional(arguments, auto++);
            }
            else if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                value = Positional(arguments, index);
            }
            else
            {
                value = arguments.Get(-1, name, JinjaUndefined.Instance) is { } named && arguments.Has(-1, name)
                    ? named
                    : throw new TemplateRuntimeException($"format(): no argument named '{name}'");
            }

            result.Append(ApplySpec(Str(value), spec));
            i = end;
        }

        return result.ToString();
    }

    /// <summary>The <c>format</c> filter: <c>"%s and %d" | format(a, b)</c>.</summary>
    public static string Percent(string template, TemplateCallArguments arguments)
    {
        var result = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '%' || i + 1 >= template.Length)
            {
                result.Append(template[i]);
                continue;
            }

            var directive = template[++i];
            switch (directive)
            {
                case '%':
                    result.Append('%');
                    break;
                case 's' or 'r':
                    result.Append(Str(Positional(arguments, next++)));
                    break;
                case 'd' or 'i':
                    var number = Positional(arguments, next++);
                    result.Append(JinjaNumbers.TryGetNumber(number, out var n)
                        ? Math.Truncate(n).ToString(CultureInfo.InvariantCulture)
                        : throw new TemplateRuntimeException("%d format: a number is required"));
                    break;
                default:
                    throw new TemplateRuntimeException($"Unsupported format directive '%{directive}'");
            }
        }

        return result.ToString();
    }

    /// <summary>Python's <c>str()</c>: <c>True</c>, <c>None</c>, <c>['a', 1]</c>, <c>{'k': 'v'}</c>.</summary>
    public static string Str(JinjaValue value) => value switch
    {
        JinjaString s => s.Value,
        _ => Repr(value, 0),
    };

    private static string Repr(JinjaValue value, int depth)
    {
        if (depth > 64)
        {
            throw new TemplateRuntimeException("Cannot format a value nested this deeply (is it cyclic?)");
        }

        return value switch
        {
            JinjaString s => "'" + s.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
            JinjaNone => "None",
            JinjaUndefined => string.Empty,
            JinjaBoolean b => b.Value ? "True" : "False",
            JinjaInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
            JinjaFloat f => JinjaNumbers.FloatToOutput(f.Value),
            JinjaList list => (list.IsTuple ? "(" : "[") + string.Join(", ", list.Items.Select(v => Repr(v, depth + 1))) + (list.IsTuple ? ")" : "]"),
            JinjaDict dict => "{" + string.Join(", ", dict.Entries.Select(e => Repr(e.Key, depth + 1) + ": " + Repr(e.Value, depth + 1))) + "}",
            _ => TemplateValueFormatter.ToOutput(value),
        };
    }

    private static JinjaValue Positional(TemplateCallArguments arguments, int index) => index < arguments.Positional.Count
        ? arguments.Positional[index]
        : throw new TemplateRuntimeException($"format(): replacement index {index} out of range");

    private static string ApplySpec(string text, string spec)
    {
        if (spec.Length == 0)
        {
            return text;
        }

        // Width with optional alignment: "<10", ">10", "^10", "10".
        var align = spec[0] is '<' or '>' or '^' ? spec[0] : '<';
        var digits = spec[0] is '<' or '>' or '^' ? spec[1..] : spec;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var width) || width > 10_000)
        {
            throw new TemplateRuntimeException($"Unsupported format spec '{spec}'");
        }

        return align switch
        {
            '>' => text.PadLeft(width),
            '^' => text.PadLeft(text.Length + Math.Max(0, (width - text.Length) / 2)).PadRight(width),
            _ => text.PadRight(width),
        };
    }
}
