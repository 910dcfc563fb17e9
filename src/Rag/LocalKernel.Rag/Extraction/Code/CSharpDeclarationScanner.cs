namespace LocalKernel.Rag;

/// <summary>One run of source lines that belongs to a single declaration (or to the file header).</summary>
/// <param name="FirstLine">0-based first line.</param>
/// <param name="LastLine">0-based last line (inclusive).</param>
/// <param name="Path">Namespace and enclosing type names, outermost first.</param>
internal readonly record struct CodeSegment(int FirstLine, int LastLine, IReadOnlyList<string> Path);

/// <summary>
/// Splits C# source at declarations without a compiler: a brace-depth scan over the sanitized text finds types (at
/// namespace level or nested) and the members inside them. Each member starts at the first non-blank line after the
/// previous member ended, so its doc comments and attributes travel with it. The segments cover every non-blank line
/// in order; enum bodies and method bodies are never split.
/// </summary>
internal static partial class CSharpDeclarationScanner
{
    private static readonly string[] TypeKeywords = ["class", "struct", "interface", "enum", "record"];

    private enum ScopeKind
    {
        Root,
        Namespace,
        Type,
        Enum,
        Other,
    }

    private sealed record Scope(ScopeKind Kind, string? Name);

    /// <summary>The declaration segments of <paramref name="source"/> (lines split at '\n'); null when it declares no
    /// type (scripts, snippets).</summary>
    public static List<CodeSegment>? Scan(string source)
    {
        var code = CSharpSanitizer.Sanitize(source);
        var lineStarts = LineStarts(source);
        var stack = new List<Scope> { new(ScopeKind.Root, null) };
        string? fileNamespace = null;
        var splits = new SortedDictionary<int, IReadOnlyList<string>>();
        bool sawType = false;

        int lastBoundary = -1;      // index of the last '{', '}' or ';': a '{' is classified by the text since then
        int boundaryLine = -1;      // line where the previous declaration at the current level ended
        bool awaiting = true;       // the next code character starts a declaration
        bool afterType = false;     // at namespace level, the previous declaration was a type
        int declarationStart = -1;  // first line of the declaration being read, -1 when it shares a line with the previous

        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            var top = stack[^1];
            // A closing brace right after a member closes the type: it stays with that member, it starts nothing.
            if (awaiting && c != '}' && top.Kind is ScopeKind.Root or ScopeKind.Namespace or ScopeKind.Type)
            {
                int line = LineOf(lineStarts, i);
                declarationStart = line == boundaryLine ? -1 : FirstNonBlankLineAfter(source, lineStarts, boundaryLine, line);
                awaiting = false;
                if (declarationStart >= 0 && (top.Kind == ScopeKind.Type || afterType))
                {
                    splits[declarationStart] = PathOf(stack, fileNamespace, null);
                }

                afterType = false;
            }

            switch (c)
            {
                case '{':
                {
                    string header = new(code, lastBoundary + 1, i - lastBoundary - 1);
                    var scope = Classify(header, top.Kind);
                    lastBoundary = i;
                    if (scope.Kind is ScopeKind.Type or ScopeKind.Enum)
                    {
                        sawType = true;
                        if (declarationStart >= 0)
                        {
                            splits[declarationStart] = PathOf(stack, fileNamespace, scope.Name);
                        }
                    }

                    stack.Add(scope);
                    if (scope.Kind is ScopeKind.Type or ScopeKind.Namespace)
                    {
                        boundaryLine = LineOf(lineStarts, i);
                        awaiting = true;
                    }

                    break;
                }

                case '}':
                {
                    var closed = stack[^1];
                    if (stack.Count > 1)
                    {
                        stack.RemoveAt(stack.Count - 1);
                    }

                    lastBoundary = i;
                    var parent = stack[^1];
                    if (parent.Kind is not (ScopeKind.Root or ScopeKind.Namespace or ScopeKind.Type))
                    {
                        break;
                    }

                    if (closed.Kind is ScopeKind.Type or ScopeKind.Enum or ScopeKind.Namespace)
                    {
                        boundaryLine = LineOf(lineStarts, i);
                        awaiting = true;
                        afterType = parent.Kind != ScopeKind.Type;
                    }
                    else if (parent.Kind == ScopeKind.Type && NextCode(code, i + 1) is not ('=' or ';' or ',' or ')' or '.'))
                    {
                        // A member body ended; "{ get; } = 5;" and "() => { ... };" continue until their ';'.
                        boundaryLine = LineOf(lineStarts, i);
                        awaiting = true;
                    }

                    break;
                }

                case ';':
                    lastBoundary = i;
                    if (top.Kind is ScopeKind.Root or ScopeKind.Namespace or ScopeKind.Type)
                    {
                        boundaryLine = LineOf(lineStarts, i);
                        awaiting = true;
                        if (top.Kind != ScopeKind.Type && FileScopedNamespace(code, i) is { } ns)
                        {
                            fileNamespace = ns;
                        }
                    }

                    break;
            }
        }

        return sawType ? BuildSegments(source, lineStarts, splits) : null;
    }

    private static List<CodeSegment> BuildSegments(string source, int[] lineStarts, SortedDictionary<int, IReadOnlyList<string>> splits)
    {
        var starts = new List<(int Line, IReadOnlyList<string> Path)> { (0, []) };
        foreach (var (line, path) in splits)
        {
            if (line == 0)
            {
                starts[0] = (0, path);
            }
            else
            {
                starts.Add((line, path));
            }
        }

        var segments = new List<CodeSegment>();
        int lineCount = lineStarts.Length;
        for (int k = 0; k < starts.Count; k++)
        {
            int first = starts[k].Line;
            int last = k + 1 < starts.Count ? starts[k + 1].Line - 1 : lineCount - 1;
            while (first <= last && IsBlank(source, lineStarts, first))
            {
                first++;
            }

            while (last >= first && IsBlank(source, lineStarts, last))
            {
                last--;
            }

            if (first <= last)
            {
                segments.Add(new CodeSegment(first, last, starts[k].Path));
            }
        }

        return segments;
    }

    private static IReadOnlyList<string> PathOf(List<Scope> stack, string? fileNamespace, string? self)
    {
        var path = new List<string>();
        if (fileNamespace is not null)
        {
            path.Add(fileNamespace);
        }

        foreach (var scope in stack)
        {
            if (scope.Kind is ScopeKind.Namespace or ScopeKind.Type && scope.Name is not null)
            {
                path.Add(scope.Name);
            }
        }

        if (self is not null)
        {
            path.Add(self);
        }

        return path;
    }

    private static char NextCode(char[] code, int from)
    {
        int k = NextCodeIndex(code, from);
        return k < 0 ? '\0' : code[k];
    }

    private static int NextCodeIndex(char[] code, int from)
    {
        for (int k = from; k < code.Length; k++)
        {
            if (!char.IsWhiteSpace(code[k]))
            {
                return k;
            }
        }

        return -1;
    }

    private static int FirstNonBlankLineAfter(string source, int[] lineStarts, int afterLine, int atMost)
    {
        for (int line = afterLine + 1; line < atMost; line++)
        {
            if (!IsBlank(source, lineStarts, line))
            {
                return line;
            }
        }

        return atMost;
    }

    private static bool IsBlank(string source, int[] lineStarts, int line)
    {
        int start = lineStarts[line];
        int end = line + 1 < lineStarts.Length ? lineStarts[line + 1] : source.Length;
        return source.AsSpan(start, end - start).IsWhiteSpace();
    }

    private static int[] LineStarts(string source)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n' && i + 1 < source.Length)
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static int LineOf(int[] lineStarts, int index)
    {
        int k = Array.BinarySearch(lineStarts, index);
        return k >= 0 ? k : ~k - 1;
    }
}
