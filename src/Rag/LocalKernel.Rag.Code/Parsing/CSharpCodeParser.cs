using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LocalKernel.Rag.Code;

/// <summary>
/// Splits C# with Roslyn's syntax tree: one segment per type header and per member, each beginning at the first
/// non-blank line of its leading trivia (so doc comments and attributes travel with it) and running to the line before
/// the next declaration (so a type's closing brace stays with its last member). Enum bodies and member bodies are never
/// split. Namespaces and containing types are the breadcrumbs; every declaration is a symbol.
/// </summary>
/// <remarks>Stateless and thread-safe. Syntax errors do not stop it: Roslyn always returns a tree.</remarks>
public sealed class CSharpCodeParser : ICodeSegmenter
{
    /// <summary>The shared instance.</summary>
    public static CSharpCodeParser Instance { get; } = new();

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.None, SourceCodeKind.Regular);

    /// <inheritdoc />
    public IReadOnlyList<CodeSegment>? Segment(string source) => Parse(source).Segments;

    /// <summary>Parses <paramref name="source"/> (lines separated by '\n') into segments and symbols.</summary>
    /// <remarks>Hostile nesting never crashes the process: text whose interpolated strings nest deeper than
    /// <see cref="MaxInterpolationNesting"/> is not given to Roslyn (its lexer recurses per level and would overflow the
    /// stack, which no handler can catch), and parsing runs on a thread with a generous stack.</remarks>
    public CodeOutline Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (InterpolationNesting(source) > MaxInterpolationNesting)
        {
            return new CodeOutline(null, []);
        }

        CodeOutline? outline = null;
        var thread = new Thread(() => outline = ParseOnThisThread(source), ParserStackBytes) { IsBackground = true, Name = "roslyn-parse" };
        thread.Start();
        thread.Join();
        return outline ?? new CodeOutline(null, []);
    }

    /// <summary>The deepest nesting of interpolated strings that is parsed with Roslyn.</summary>
    public const int MaxInterpolationNesting = 256;

    private const int ParserStackBytes = 64 * 1024 * 1024;

    /// <summary>An upper bound of how deeply interpolated strings nest: the longest chain of <c>$"</c> openings with no
    /// closing quote between them.</summary>
    internal static int InterpolationNesting(string source)
    {
        int best = 0, run = 0;
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] != '"')
            {
                continue;
            }

            bool opens = i > 0 && (source[i - 1] == '$' || (source[i - 1] == '@' && i > 1 && source[i - 2] == '$'));
            run = opens ? run + 1 : 0;
            best = Math.Max(best, run);
        }

        return best;
    }

    private static CodeOutline ParseOnThisThread(string source)
    {
        SyntaxTree tree;
        try
        {
            tree = CSharpSyntaxTree.ParseText(SourceText.From(source), ParseOptions);
        }
        catch (InsufficientExecutionStackException)
        {
            // Hostile nesting beyond what the parser's stack guard allows: the caller falls back to blank-line blocks.
            return new CodeOutline(null, []);
        }

        var text = tree.GetText();
        var walker = new Walker(text);
        try
        {
            walker.Visit(tree.GetRoot());
        }
        catch (InsufficientExecutionStackException)
        {
            return new CodeOutline(null, walker.Symbols);
        }

        return new CodeOutline(walker.SawType ? BuildSegments(source, walker.Splits) : null, walker.Symbols);
    }

    private static List<CodeSegment> BuildSegments(string source, SortedDictionary<int, IReadOnlyList<string>> splits)
    {
        var lines = source.Split('\n');
        int lineCount = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var starts = new SortedDictionary<int, IReadOnlyList<string>>(splits);
        // The file header (usings, namespace line) is a segment of its own without breadcrumbs.
        int firstContent = Enumerable.Range(0, lineCount).FirstOrDefault(i => lines[i].Trim().Length > 0, -1);
        if (firstContent < 0)
        {
            return [];
        }

        if (!starts.ContainsKey(firstContent) && (starts.Count == 0 || starts.Keys.First() > firstContent))
        {
            starts[firstContent] = [];
        }

        var segments = new List<CodeSegment>();
        var keys = starts.Keys.Where(k => k >= firstContent).ToList();
        for (int i = 0; i < keys.Count; i++)
        {
            int first = keys[i];
            int last = (i + 1 < keys.Count ? keys[i + 1] : lineCount) - 1;
            while (last > first && lines[last].Trim().Length == 0)
            {
                last--;
            }

            if (lines[first].Trim().Length > 0)
            {
                segments.Add(new CodeSegment(first + 1, last + 1, starts[first]));
            }
        }

        return segments;
    }

    private sealed class Walker(SourceText text) : CSharpSyntaxWalker(SyntaxWalkerDepth.Node)
    {
        private readonly List<string> _namespaces = [];
        private readonly List<string> _types = [];

        public SortedDictionary<int, IReadOnlyList<string>> Splits { get; } = [];

        public List<CodeSymbol> Symbols { get; } = [];

        public bool SawType { get; private set; }

        public override void VisitNamespaceDeclaration(NamespaceDeclarationSyntax node) => VisitNamespace(node, () => base.VisitNamespaceDeclaration(node));

        public override void VisitFileScopedNamespaceDeclaration(FileScopedNamespaceDeclarationSyntax node) =>
            VisitNamespace(node, () => base.VisitFileScopedNamespaceDeclaration(node));

        public override void VisitClassDeclaration(ClassDeclarationSyntax node) => VisitType(node, "class", () => base.VisitClassDeclaration(node));

        public override void VisitStructDeclaration(StructDeclarationSyntax node) => VisitType(node, "struct", () => base.VisitStructDeclaration(node));

        public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node) => VisitType(node, "interface", () => base.VisitInterfaceDeclaration(node));

        public override void VisitRecordDeclaration(RecordDeclarationSyntax node) => VisitType(node, "record", () => base.VisitRecordDeclaration(node));

        public override void VisitEnumDeclaration(EnumDeclarationSyntax node)
        {
            // An enum stays one segment: its members are symbols but never split points.
            SawType = true;
            Split(node, Breadcrumb(node.Identifier.ValueText));
            Add(node.Identifier.ValueText, "enum", node);
            foreach (var member in node.Members)
            {
                Symbols.Add(Symbol(member.Identifier.ValueText, "enum member", member, Container(node.Identifier.ValueText)));
            }
        }

        public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node)
        {
            SawType = true;
            Split(node, Breadcrumb(null));
            Add(node.Identifier.ValueText, "delegate", node);
        }

        public override void VisitMethodDeclaration(MethodDeclarationSyntax node) => Member(node, node.Identifier.ValueText, "method");

        public override void VisitConstructorDeclaration(ConstructorDeclarationSyntax node) => Member(node, node.Identifier.ValueText, "constructor");

        public override void VisitDestructorDeclaration(DestructorDeclarationSyntax node) => Member(node, "~" + node.Identifier.ValueText, "destructor");

        public override void VisitPropertyDeclaration(PropertyDeclarationSyntax node) => Member(node, node.Identifier.ValueText, "property");

        public override void VisitIndexerDeclaration(IndexerDeclarationSyntax node) => Member(node, "this[]", "indexer");

        public override void VisitOperatorDeclaration(OperatorDeclarationSyntax node) => Member(node, "operator " + node.OperatorToken.ValueText, "operator");

        public override void VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) => Member(node, "operator " + node.Type, "operator");

        public override void VisitEventDeclaration(EventDeclarationSyntax node) => Member(node, node.Identifier.ValueText, "event");

        public override void VisitFieldDeclaration(FieldDeclarationSyntax node) => Fields(node, node.Declaration, "field");

        public override void VisitEventFieldDeclaration(EventFieldDeclarationSyntax node) => Fields(node, node.Declaration, "event");

        private void VisitNamespace(BaseNamespaceDeclarationSyntax node, Action visitChildren)
        {
            string name = node.Name.ToString();
            Symbols.Add(Symbol(name, "namespace", node, string.Join(".", _namespaces)));
            _namespaces.Add(name);
            visitChildren();
            _namespaces.RemoveAt(_namespaces.Count - 1);
        }

        private void VisitType(TypeDeclarationSyntax node, string kind, Action visitChildren)
        {
            SawType = true;
            string name = node.Identifier.ValueText;
            Split(node, Breadcrumb(name));
            Add(name, kind, node);
            _types.Add(name);
            visitChildren();
            _types.RemoveAt(_types.Count - 1);
        }

        private void Member(MemberDeclarationSyntax node, string name, string kind)
        {
            // Members are split points only inside a type; top-level statements and local functions stay in their block.
            if (_types.Count > 0 && node.Parent is TypeDeclarationSyntax)
            {
                Split(node, Breadcrumb(null));
                Add(name, kind, node);
            }
        }

        private void Fields(MemberDeclarationSyntax node, VariableDeclarationSyntax declaration, string kind)
        {
            if (_types.Count > 0 && node.Parent is TypeDeclarationSyntax)
            {
                Split(node, Breadcrumb(null));
                foreach (var variable in declaration.Variables)
                {
                    Add(variable.Identifier.ValueText, kind, node);
                }
            }
        }

        private void Split(SyntaxNode node, IReadOnlyList<string> breadcrumb)
        {
            Splits[FirstLineWithTrivia(node)] = breadcrumb;
        }

        private void Add(string name, string kind, SyntaxNode node) => Symbols.Add(Symbol(name, kind, node, Container(null)));

        private CodeSymbol Symbol(string name, string kind, SyntaxNode node, string container)
        {
            var span = text.Lines.GetLinePositionSpan(node.Span);
            return new CodeSymbol(name, kind, container, string.Empty, span.Start.Line + 1, span.End.Line + 1);
        }

        private string Container(string? inner) => string.Join(".", _namespaces.Concat(_types).Concat(inner is null ? [] : [inner]));

        private List<string> Breadcrumb(string? inner)
        {
            var path = new List<string>();
            if (_namespaces.Count > 0)
            {
                path.Add(string.Join(".", _namespaces));
            }

            path.AddRange(_types);
            if (inner is not null)
            {
                path.Add(inner);
            }

            return path;
        }

        /// <summary>The first line of the node's leading comments, attributes or first token (blank lines skipped).</summary>
        private int FirstLineWithTrivia(SyntaxNode node)
        {
            foreach (var trivia in node.GetLeadingTrivia())
            {
                if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia) && !trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return text.Lines.GetLinePosition(trivia.SpanStart).Line;
                }
            }

            return text.Lines.GetLinePosition(node.SpanStart).Line;
        }
    }
}
