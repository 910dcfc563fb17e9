namespace LocalKernel.Rag;

/// <summary>Reading the text before a brace: is it a namespace, a type (and its name), or something else?</summary>
internal static partial class CSharpDeclarationScanner
{
    private static Scope Classify(string header, ScopeKind parent)
    {
        if (parent is ScopeKind.Other or ScopeKind.Enum)
        {
            return new Scope(ScopeKind.Other, null);
        }

        var tokens = Tokenize(StripAttributes(header));
        for (int t = 0; t < tokens.Count; t++)
        {
            string token = tokens[t];
            if (token is "(" or "=" or "=>")
            {
                break;
            }

            if (token == "namespace" && t + 1 < tokens.Count)
            {
                return new Scope(ScopeKind.Namespace, tokens[t + 1]);
            }

            if (Array.IndexOf(TypeKeywords, token) >= 0)
            {
                int n = t + 1;
                if (token == "record" && n < tokens.Count && tokens[n] is "struct" or "class")
                {
                    n++;
                }

                if (n < tokens.Count && IsIdentifier(tokens[n]) && (n + 1 >= tokens.Count || tokens[n + 1] is "<" or ":" or "(" or "where"))
                {
                    return new Scope(token == "enum" ? ScopeKind.Enum : ScopeKind.Type, tokens[n].TrimStart('@'));
                }
            }
        }

        return new Scope(ScopeKind.Other, null);
    }

    private static string StripAttributes(string header)
    {
        // Attributes may hold parentheses ("[Obsolete(\"x\")]") that would hide the type keyword behind a '('.
        var sb = new System.Text.StringBuilder(header.Length);
        int depth = 0;
        foreach (char c in header)
        {
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '@' or '.')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '@' or '.'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (c == '=' && i + 1 < text.Length && text[i + 1] == '>')
            {
                tokens.Add("=>");
                i += 2;
            }
            else
            {
                tokens.Add(c.ToString());
                i++;
            }
        }

        return tokens;
    }

    private static bool IsIdentifier(string token) =>
        token.Length > 0 && (char.IsLetter(token[0]) || token[0] is '_' or '@') && !token.Contains('.');

    private static string? FileScopedNamespace(char[] code, int semicolon)
    {
        // Walk back over "namespace A.B" directly before the ';'.
        int end = semicolon - 1;
        while (end >= 0 && char.IsWhiteSpace(code[end]))
        {
            end--;
        }

        int start = end;
        while (start >= 0 && (char.IsLetterOrDigit(code[start]) || code[start] is '_' or '.' or '@'))
        {
            start--;
        }

        string name = new(code, start + 1, end - start);
        int kwEnd = start;
        while (kwEnd >= 0 && char.IsWhiteSpace(code[kwEnd]))
        {
            kwEnd--;
        }

        const string Keyword = "namespace";
        int kwStart = kwEnd - Keyword.Length + 1;
        if (name.Length == 0 || kwStart < 0 || new string(code, kwStart, Keyword.Length) != Keyword)
        {
            return null;
        }

        return kwStart == 0 || !char.IsLetterOrDigit(code[kwStart - 1]) ? name : null;
    }
}
