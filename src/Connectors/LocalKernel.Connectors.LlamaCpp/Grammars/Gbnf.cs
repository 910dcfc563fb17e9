using System.Globalization;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Spelling of GBNF terms as llama.cpp's grammar parser (src/llama-grammar.cpp) reads them: string literals
/// accept the escapes \n \r \t \\ \" \xHH \uHHHH; anything else is taken as UTF-8 verbatim.
/// </summary>
internal static class Gbnf
{
    /// <summary>llama.cpp refuses a repetition that would expand to more rules than this (MAX_REPETITION_THRESHOLD).</summary>
    public const int MaxRepetition = 2000;

    /// <summary>A quoted literal matching <paramref name="text"/> exactly.</summary>
    public static string Literal(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        // Control characters are written as escapes so the grammar text stays one line per rule.
                        builder.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// <paramref name="item"/> repeated between <paramref name="min"/> and <paramref name="max"/> times (null: no upper
    /// bound), with <paramref name="separator"/> between items when given.
    /// </summary>
    public static string Repeat(string item, int min, int? max, string? separator = null)
    {
        if (max == 0)
        {
            return "";
        }

        if (separator is null)
        {
            return (min, max) switch
            {
                (0, 1) => $"{item}?",
                (0, null) => $"{item}*",
                (1, null) => $"{item}+",
                (1, 1) => item,
                _ when min == max => $"{item}{{{min}}}",
                _ => $"{item}{{{min},{(max is { } m ? m.ToString(CultureInfo.InvariantCulture) : "")}}}",
            };
        }

        // item (sep item){min-1,max-1}, optional as a whole when min is 0.
        var rest = Repeat($"({separator} {item})", Math.Max(min - 1, 0), max - 1);
        var sequence = rest.Length == 0 ? item : $"{item} {rest}";
        return min == 0 ? $"({sequence})?" : sequence;
    }

    /// <summary>
    /// A positive character class of the code-point ranges (inclusive), each bound written as an escape. Positive
    /// classes matter for partial UTF-8: llama.cpp accepts a token that ends inside a character when some completion
    /// could fall in a listed range, so listing only valid scalar values keeps out surrogates and bytes above U+10FFFF
    /// that a negated class would let through.
    /// </summary>
    public static string CharClass(IEnumerable<(int Low, int High)> ranges)
    {
        var builder = new StringBuilder("[");
        foreach (var (low, high) in ranges)
        {
            builder.Append(CodePoint(low));
            if (high != low)
            {
                builder.Append('-').Append(CodePoint(high));
            }
        }

        return builder.Append(']').ToString();
    }

    /// <summary>The valid characters of a JSON string body (no quote, backslash or control character; no surrogates),
    /// minus <paramref name="excluded"/> code points.</summary>
    public static List<(int Low, int High)> JsonStringCharacters(IEnumerable<int>? excluded = null)
    {
        var ranges = new List<(int Low, int High)> { (0x20, 0x21), (0x23, 0x5B), (0x5D, 0x7E), (0x80, 0xD7FF), (0xE000, 0x10FFFF) };
        foreach (var c in excluded ?? [])
        {
            for (int i = 0; i < ranges.Count; i++)
            {
                var (low, high) = ranges[i];
                if (c < low || c > high)
                {
                    continue;
                }

                ranges.RemoveAt(i);
                if (c < high)
                {
                    ranges.Insert(i, (c + 1, high));
                }

                if (c > low)
                {
                    ranges.Insert(i, (low, c - 1));
                }

                break;
            }
        }

        return ranges;
    }

    private static string CodePoint(int c) => c switch
    {
        <= 0xFF => $"\\x{c:X2}",
        <= 0xFFFF => $"\\u{c:X4}",
        _ => $"\\U{c:X8}",
    };

    /// <summary>A rule name llama.cpp accepts (letters, digits and '-').</summary>
    public static string SanitizeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        bool lastDash = false;
        foreach (var c in name)
        {
            bool ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
            if (ok)
            {
                builder.Append(c);
                lastDash = false;
            }
            else if (!lastDash)
            {
                builder.Append('-');
                lastDash = true;
            }
        }

        var result = builder.ToString().Trim('-');
        return result.Length == 0 ? "r" : result;
    }
}
