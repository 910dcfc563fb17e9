using System.Text.RegularExpressions;

namespace LocalKernel.Rag.Code;

/// <summary>
/// Splits languages without a parser here at declarations found by <see cref="DeclarationRules"/>. A line starts a
/// declaration only outside strings, block comments and open brackets and no deeper than the rules allow, so a split
/// never falls mid-statement; comments, decorators and attributes directly above a declaration travel with it.
/// </summary>
/// <remarks>Stateless and thread-safe. Pathological input costs linear time (each pattern has a match timeout).</remarks>
public sealed class RuleBasedCodeParser(DeclarationRules rules) : ICodeSegmenter
{
    /// <summary>The rules this parser applies.</summary>
    public DeclarationRules Rules { get; } = rules ?? throw new ArgumentNullException(nameof(rules));

    /// <inheritdoc />
    public IReadOnlyList<CodeSegment>? Segment(string source) => Parse(source).Segments;

    /// <summary>Parses <paramref name="source"/> (lines separated by '\n') into segments and symbols.</summary>
    public CodeOutline Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = source.Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var states = LineStates.Compute(lines, count, Rules);
        var declarations = FindDeclarations(lines, count, states);
        if (declarations.Count == 0)
        {
            return new CodeOutline(null, []);
        }

        var symbols = new List<CodeSymbol>();
        var splits = new SortedDictionary<int, IReadOnlyList<string>>();
        for (int i = 0; i < declarations.Count; i++)
        {
            var d = declarations[i];
            int next = declarations.Skip(i + 1).FirstOrDefault(o => o.Depth <= d.Depth)?.Line ?? count;
            int end = LastCodeLine(lines, d.Line, next - 1);
            symbols.Add(new CodeSymbol(d.Name, d.Kind, string.Join(".", d.Container), string.Empty, d.Line + 1, end + 1));
            bool isContainer = d.Kind is "class" or "type" or "impl";
            splits[CommentStart(lines, d.Line, states)] = isContainer ? [.. d.Container, d.Name] : d.Container;
        }

        return new CodeOutline(Segments(lines, count, splits), symbols);
    }

    private List<Declaration> FindDeclarations(string[] lines, int count, LineStates[] states)
    {
        var found = new List<Declaration>();
        var stack = new List<(string Name, int Depth)>();
        for (int i = 0; i < count; i++)
        {
            var state = states[i];
            if (!state.CanStartDeclaration || state.Depth > Rules.MaxSplitDepth || lines[i].Trim().Length == 0)
            {
                continue;
            }

            foreach (var (kind, pattern) in Rules.Declarations)
            {
                Match match;
                try
                {
                    match = pattern.Match(lines[i]);
                }
                catch (RegexMatchTimeoutException)
                {
                    break;
                }

                if (!match.Success)
                {
                    continue;
                }

                while (stack.Count > 0 && stack[^1].Depth >= state.Depth)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                // A method pattern only applies inside a container, where it cannot be a call statement at top level.
                if (kind == "method" && stack.Count == 0)
                {
                    break;
                }

                string name = match.Groups["name"].Value;
                found.Add(new Declaration(i, name, kind, state.Depth, stack.Select(s => s.Name).ToList()));
                if (kind is "class" or "type" or "impl")
                {
                    stack.Add((name, state.Depth));
                }

                break;
            }
        }

        return found;
    }

    private int CommentStart(string[] lines, int line, LineStates[] states)
    {
        int start = line;
        while (start > 0 && states[start - 1].CanStartDeclaration && IsLeadingDecoration(lines[start - 1]))
        {
            start--;
        }

        return start;
    }

    private bool IsLeadingDecoration(string line)
    {
        var t = line.TrimStart();
        return t.Length > 0 && (t.StartsWith(Rules.LineComment, StringComparison.Ordinal) || t.StartsWith("/*", StringComparison.Ordinal)
            || t.StartsWith('*') || t.StartsWith('@') || t.StartsWith("#[", StringComparison.Ordinal) || t.StartsWith("///", StringComparison.Ordinal));
    }

    private static int LastCodeLine(string[] lines, int first, int last)
    {
        while (last > first && lines[last].Trim().Length == 0)
        {
            last--;
        }

        return last;
    }

    private static List<CodeSegment> Segments(string[] lines, int count, SortedDictionary<int, IReadOnlyList<string>> splits)
    {
        int firstContent = Enumerable.Range(0, count).FirstOrDefault(i => lines[i].Trim().Length > 0, -1);
        if (firstContent >= 0 && !splits.ContainsKey(firstContent) && splits.Keys.First() > firstContent)
        {
            splits[firstContent] = [];
        }

        var keys = splits.Keys.ToList();
        var segments = new List<CodeSegment>();
        for (int i = 0; i < keys.Count; i++)
        {
            int first = keys[i];
            int last = LastCodeLine(lines, first, (i + 1 < keys.Count ? keys[i + 1] : count) - 1);
            if (lines[first].Trim().Length > 0)
            {
                segments.Add(new CodeSegment(first + 1, last + 1, splits[first]));
            }
        }

        return segments;
    }

    private sealed record Declaration(int Line, string Name, string Kind, int Depth, IReadOnlyList<string> Container);
}
