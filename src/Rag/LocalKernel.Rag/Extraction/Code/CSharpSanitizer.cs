namespace LocalKernel.Rag;

/// <summary>
/// Blanks comments, string and character literals and preprocessor lines of C# source (keeping every newline and
/// every index), so a brace or keyword scan sees only code. A brace inside a string must never change the depth.
/// </summary>
internal static class CSharpSanitizer
{
    // Interpolation holes can nest strings that have holes; deeper than this is not real code, and the rest of the
    // literal is blanked rather than followed down the stack.
    private const int MaxLiteralNesting = 32;

    /// <summary>A copy of <paramref name="source"/> with non-code characters replaced by spaces.</summary>
    public static char[] Sanitize(string source)
    {
        var s = source.ToCharArray();
        int i = 0;
        bool lineHasCode = false;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '\n')
            {
                lineHasCode = false;
                i++;
                continue;
            }

            if (c == '#' && !lineHasCode)
            {
                i = BlankTo(s, i, IndexOfLineEnd(s, i));
                continue;
            }

            if (!char.IsWhiteSpace(c))
            {
                lineHasCode = true;
            }

            if (c == '/' && Peek(s, i + 1) == '/')
            {
                i = BlankTo(s, i, IndexOfLineEnd(s, i));
            }
            else if (c == '/' && Peek(s, i + 1) == '*')
            {
                int end = IndexOf(s, "*/", i + 2);
                i = BlankTo(s, i, end < 0 ? s.Length : end + 2);
            }
            else if (c is '"' or '$' or '@' && StartsLiteral(s, i))
            {
                int end = SkipStringLiteral(s, i, 0);
                BlankTo(s, i, end);
                i = end;
            }
            else if (c == '\'')
            {
                int end = SkipCharLiteral(s, i);
                BlankTo(s, i, end);
                i = end;
            }
            else
            {
                i++;
            }
        }

        return s;
    }

    private static bool StartsLiteral(char[] s, int i)
    {
        // "...", @"...", $"...", $@"...", @$"...", $$"""...""": prefixes are only '$' and '@' followed by a quote.
        int j = i;
        while (j < s.Length && s[j] is '$' or '@')
        {
            j++;
        }

        if (j >= s.Length || s[j] != '"')
        {
            return false;
        }

        // '@' or '$' directly after an identifier character is not a literal prefix (e.g. an operator-less typo); keep it simple.
        return i == 0 || !char.IsLetterOrDigit(s[i - 1]) || s[i] == '"';
    }

    /// <summary>Index just after the literal that starts at <paramref name="i"/>.</summary>
    private static int SkipStringLiteral(char[] s, int i, int nesting)
    {
        if (nesting > MaxLiteralNesting)
        {
            return IndexOfLineEnd(s, i);
        }

        bool verbatim = false, interpolated = false;
        while (s[i] is '$' or '@')
        {
            verbatim |= s[i] == '@';
            interpolated |= s[i] == '$';
            i++;
        }

        int quotes = 0;
        while (i + quotes < s.Length && s[i + quotes] == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            // Raw string literal: ends at the same number of quotes; holes cannot contain that many quotes.
            int end = IndexOf(s, new string('"', quotes), i + quotes);
            return end < 0 ? s.Length : end + quotes;
        }

        i++; // opening quote
        while (i < s.Length)
        {
            char c = s[i];
            if (!verbatim && c == '\\')
            {
                i += 2;
            }
            else if (c == '"')
            {
                if (verbatim && Peek(s, i + 1) == '"')
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }
            else if (!verbatim && c == '\n')
            {
                return i; // unterminated: stop at the line end rather than swallowing the file
            }
            else if (interpolated && c == '{')
            {
                i = Peek(s, i + 1) == '{' ? i + 2 : SkipHole(s, i + 1, nesting);
            }
            else
            {
                i++;
            }
        }

        return s.Length;
    }

    private static int SkipHole(char[] s, int i, int nesting)
    {
        int depth = 1;
        while (i < s.Length)
        {
            char c = s[i];
            if (c is '"' or '$' or '@' && StartsLiteral(s, i))
            {
                i = SkipStringLiteral(s, i, nesting + 1);
                continue;
            }

            if (c == '\'')
            {
                i = SkipCharLiteral(s, i);
                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i + 1;
            }

            i++;
        }

        return s.Length;
    }

    private static int SkipCharLiteral(char[] s, int i)
    {
        // 'x', '\n', '\u1234', '\''; anything longer is not a literal (stop at the line end to stay safe).
        for (int j = i + 1; j < s.Length && j < i + 12; j++)
        {
            if (s[j] == '\\')
            {
                j++;
                continue;
            }

            if (s[j] == '\'' || s[j] == '\n')
            {
                return s[j] == '\'' ? j + 1 : j;
            }
        }

        return i + 1;
    }

    private static int BlankTo(char[] s, int from, int to)
    {
        for (int k = from; k < to && k < s.Length; k++)
        {
            if (s[k] != '\n')
            {
                s[k] = ' ';
            }
        }

        return to;
    }

    private static char Peek(char[] s, int i) => i < s.Length ? s[i] : '\0';

    private static int IndexOfLineEnd(char[] s, int i)
    {
        int end = Array.IndexOf(s, '\n', i);
        return end < 0 ? s.Length : end;
    }

    private static int IndexOf(char[] s, string value, int from) =>
        from >= s.Length ? -1 : s.AsSpan(from).IndexOf(value.AsSpan()) is var k and >= 0 ? from + k : -1;
}
