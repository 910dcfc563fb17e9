namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// JavaScript's whitespace set (<c>\s</c>, <c>trim()</c>). Whitespace control follows the reference engine, which
/// is JavaScript; .NET's <see cref="char.IsWhiteSpace(char)"/> differs on U+0085 and U+FEFF.
/// </summary>
internal static class JsWhitespace
{
    /// <summary>The set as a regular-expression character class body.</summary>
    public const string RegexClass = @"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

    public static bool Is(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' => true,
        < '\u00a0' => false,
        '\u00a0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' or '\ufeff' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    public static bool IsLineTerminator(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';

    public static string Trim(string s) => TrimEnd(TrimStart(s));

    public static string TrimStart(string s)
    {
        var start = 0;
        while (start < s.Length && Is(s[start]))
        {
            start++;
        }

        return start == 0 ? s : s[start..];
    }

    public static string TrimEnd(string s)
    {
        var end = s.Length;
        while (end > 0 && Is(s[end - 1]))
        {
            end--;
        }

        return end == s.Length ? s : s[..end];
    }
}
