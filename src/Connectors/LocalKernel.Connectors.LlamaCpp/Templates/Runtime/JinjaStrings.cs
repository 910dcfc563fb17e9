using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>String helpers shared by filters and methods.</summary>
internal static class JinjaStrings
{
    /// <summary>The code points of a string, each as a string (a surrogate pair stays together).</summary>
    public static IEnumerable<string> CodePoints(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                yield return s.Substring(i++, 2);
            }
            else
            {
                yield return s[i].ToString();
            }
        }
    }

    /// <summary>
    /// Title case as the reference engine does it: the first ASCII word character after a non-word character is
    /// upper-cased, the rest is left alone.
    /// </summary>
    public static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var startsWord = IsAsciiWord(c) && (i == 0 || !IsAsciiWord(s[i - 1]));
            builder.Append(startsWord ? char.ToUpperInvariant(c) : c);
        }

        return builder.ToString();
    }

    /// <summary>The first character upper-cased, the rest unchanged, as the reference engine does it.</summary>
    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>Python's <c>str.strip(chars)</c>; without characters, JavaScript's whitespace as the reference trims.</summary>
    public static string Strip(string s, string? chars, bool start, bool end)
    {
        Func<char, bool> strip = chars is null ? JsWhitespace.Is : c => chars.Contains(c);
        var from = 0;
        var to = s.Length;
        while (start && from < to && strip(s[from]))
        {
            from++;
        }

        while (end && to > from && strip(s[to - 1]))
        {
            to--;
        }

        return s[from..to];
    }

    public static string Replace(string s, string old, string replacement, long count)
    {
        if (count == 0)
        {
            return s;
        }

        if (old.Length == 0)
        {
            // Python inserts the replacement before every character and at the end.
            var builder = new StringBuilder();
            var inserted = 0L;
            foreach (var codePoint in CodePoints(s))
            {
                if (count < 0 || inserted < count)
                {
                    builder.Append(replacement);
                    inserted++;
                }

                builder.Append(codePoint);
            }

            if (count < 0 || inserted < count)
            {
                builder.Append(replacement);
            }

            return builder.ToString();
        }

        if (count < 0)
        {
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var result = new StringBuilder();
        var position = 0;
        for (var done = 0L; done < count; done++)
        {
            var found = s.IndexOf(old, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            result.Append(s, position, found - position).Append(replacement);
            position = found + old.Length;
        }

        return result.Append(s, position, s.Length - position).ToString();
    }

    /// <summary>Python's <c>str.split(sep, maxsplit)</c>.</summary>
    public static List<string> Split(string s, string? separator, long maxSplit)
    {
        var parts = new List<string>();
        if (separator is null)
        {
            var i = 0;
            while (true)
            {
                while (i < s.Length && JsWhitespace.Is(s[i]))
                {
                    i++;
                }

                if (i >= s.Length)
                {
                    break;
                }

                if (maxSplit >= 0 && parts.Count >= maxSplit)
                {
                    parts.Add(s[i..]);
                    break;
                }

                var start = i;
                while (i < s.Length && !JsWhitespace.Is(s[i]))
                {
                    i++;
                }

                parts.Add(s[start..i]);
            }

            return parts;
        }

        if (separator.Length == 0)
        {
            throw new TemplateRuntimeException("Empty separator");
        }

        var position = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            var found = s.IndexOf(separator, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            parts.Add(s[position..found]);
            position = found + separator.Length;
        }

        parts.Add(s[position..]);
        return parts;
    }

    /// <summary>Python's <c>str.rsplit(sep, maxsplit)</c>.</summary>
    public static List<string> RSplit(string s, string? separator, long maxSplit)
    {
        if (maxSplit < 0)
        {
            return Split(s, separator, maxSplit);
        }

        var reversed = Reverse(s);
        var parts = Split(reversed, separator is null ? null : Reverse(separator), maxSplit);
        parts.Reverse();
        return parts.ConvertAll(Reverse);
    }

    public static string Reverse(string s) => string.Concat(CodePoints(s).Reverse());

    /// <summary>HTML escaping as markupsafe does it.</summary>
    public static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&#34;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    private static bool IsAsciiWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
