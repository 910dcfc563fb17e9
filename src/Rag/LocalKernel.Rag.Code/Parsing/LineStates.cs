namespace LocalKernel.Rag.Code;

/// <summary>
/// The lexical state at the start of each line, for <see cref="RuleBasedCodeParser"/>: the nesting depth (braces, or
/// indentation for indentation-scoped languages) and whether a declaration may start there (not inside a string, a block
/// comment or an open bracket). A small hand-written lexer: no library tokenises a dozen languages well enough and
/// this only needs strings, comments and brackets right.
/// </summary>
internal readonly record struct LineStates(int Depth, bool CanStartDeclaration)
{
    public static LineStates[] Compute(string[] lines, int count, DeclarationRules rules)
    {
        var states = new LineStates[count];
        int braces = 0, brackets = 0;
        bool blockComment = false;
        string? tripleQuote = null;
        var indents = new List<int>();
        for (int i = 0; i < count; i++)
        {
            string line = lines[i];
            bool free = !blockComment && tripleQuote is null && brackets == 0;
            int depth = braces;
            if (rules.IndentationScoped)
            {
                int indent = line.Length - line.TrimStart().Length;
                if (free && line.Trim().Length > 0)
                {
                    while (indents.Count > 0 && indents[^1] >= indent)
                    {
                        indents.RemoveAt(indents.Count - 1);
                    }

                    depth = indents.Count;
                    indents.Add(indent);
                }
                else
                {
                    depth = indents.Count;
                }
            }

            states[i] = new LineStates(Math.Max(0, depth), free);
            Scan(line, rules, ref braces, ref brackets, ref blockComment, ref tripleQuote);
        }

        return states;
    }

    private static void Scan(string line, DeclarationRules rules, ref int braces, ref int brackets, ref bool blockComment, ref string? tripleQuote)
    {
        bool cStyle = rules.LineComment == "//";
        for (int j = 0; j < line.Length; j++)
        {
            char c = line[j];
            if (tripleQuote is not null)
            {
                if (string.CompareOrdinal(line, j, tripleQuote, 0, 3) == 0)
                {
                    tripleQuote = null;
                    j += 2;
                }

                continue;
            }

            if (blockComment)
            {
                if (c == '*' && j + 1 < line.Length && line[j + 1] == '/')
                {
                    blockComment = false;
                    j++;
                }

                continue;
            }

            if (string.CompareOrdinal(line, j, rules.LineComment, 0, rules.LineComment.Length) == 0)
            {
                return;
            }

            if (cStyle && c == '/' && j + 1 < line.Length && line[j + 1] == '*')
            {
                blockComment = true;
                j++;
                continue;
            }

            if (rules.IndentationScoped && (string.CompareOrdinal(line, j, "\"\"\"", 0, 3) == 0 || string.CompareOrdinal(line, j, "'''", 0, 3) == 0))
            {
                tripleQuote = line.Substring(j, 3);
                j += 2;
                continue;
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    j = SkipString(line, j, c);
                    break;
                case '{':
                    braces++;
                    break;
                case '}':
                    braces = Math.Max(0, braces - 1);
                    break;
                case '(' or '[':
                    brackets++;
                    break;
                case ')' or ']':
                    brackets = Math.Max(0, brackets - 1);
                    break;
            }
        }
    }

    /// <summary>The index of the closing quote (or the end of the line: strings are assumed not to span lines).</summary>
    private static int SkipString(string line, int start, char quote)
    {
        // In C-like languages a lone ' may be a lifetime (Rust) or apostrophe in a macro: only a closing quote on the line counts.
        int close = start + 1;
        while (close < line.Length)
        {
            if (line[close] == '\\')
            {
                close += 2;
                continue;
            }

            if (line[close] == quote)
            {
                return close;
            }

            close++;
        }

        return quote == '\'' ? start : line.Length;
    }
}
