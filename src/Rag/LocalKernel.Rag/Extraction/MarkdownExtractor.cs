using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LocalKernel.Rag;

/// <summary>
/// Extracts Markdown with Markdig: headings (with levels and the breadcrumb), paragraphs, list items, tables (header row
/// first, cells joined by " | "), fenced and indented code blocks, each with its 1-based line span. Block quotes yield
/// their paragraphs; a YAML front matter "title:" becomes the title, else the first level-1 heading.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class MarkdownExtractor : IDocumentExtractor
{
    /// <summary>The content type this extractor reports: "text/markdown".</summary>
    public const string MarkdownContentType = "text/markdown";

    private static readonly string[] Types = [MarkdownContentType];

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseYamlFrontMatter()
        .UseEmphasisExtras()
        .UseTaskLists()
        .Build();

    /// <inheritdoc />
    public IReadOnlyCollection<string> ContentTypes => Types;

    /// <inheritdoc />
    /// <exception cref="DocumentExtractionException">Binary content, an empty file, one without text, or one over
    /// <see cref="ExtractionOptions.MaxFileBytes"/>.</exception>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = await ExtractionInput.ReadAllAsync(content, options.MaxFileBytesOrDefault, cancellationToken).ConfigureAwait(false);
        string text = TextDecoding.Decode(bytes, "Markdown");
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text, Pipeline);
        }
        catch (ArgumentException ex)
        {
            // Markdig refuses absurd nesting (thousands of '>' or list levels) instead of overflowing the stack.
            throw new DocumentExtractionException(ExtractionFailure.Malformed, $"The Markdown could not be parsed: {ex.Message}", ex);
        }

        var walker = new Walker(text, options.MaxNestingDepthOrDefault, cancellationToken);
        walker.VisitContainer(document, 0);
        if (walker.Blocks.Count == 0)
        {
            throw new DocumentExtractionException(ExtractionFailure.Empty, "The Markdown file contains no text.");
        }

        string? title = walker.FrontMatterTitle
            ?? walker.Blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading && b.HeadingLevel == 1)?.Text;
        return new ExtractedDocument(MarkdownContentType, title, walker.Blocks);
    }

    private sealed class Walker(string source, int maxDepth, CancellationToken cancellationToken)
    {
        private readonly int[] _lineStarts = LineStarts(source);
        private readonly HeadingTracker _headings = new();

        public List<DocumentBlock> Blocks { get; } = [];

        public string? FrontMatterTitle { get; private set; }

        public void VisitContainer(ContainerBlock container, int depth)
        {
            foreach (var block in container)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Visit(block, depth);
            }
        }

        private void Visit(Block block, int depth)
        {
            if (depth >= maxDepth && block is ContainerBlock deep)
            {
                // Past the nesting limit the text is kept, flattened into one paragraph, instead of recursing further.
                Add(BlockKind.Paragraph, FlattenText(deep), block);
                return;
            }

            switch (block)
            {
                case HeadingBlock heading:
                {
                    string text = InlineText(heading.Inline);
                    if (text.Length > 0)
                    {
                        var above = _headings.Enter(heading.Level, text);
                        Add(BlockKind.Heading, text, block, above, heading.Level);
                    }

                    break;
                }

                case ParagraphBlock paragraph:
                    Add(BlockKind.Paragraph, InlineText(paragraph.Inline), block);
                    break;

                case ListBlock list:
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        VisitListItem(item, depth + 1);
                    }

                    break;

                case CodeBlock code when block is not YamlFrontMatterBlock:
                    Add(BlockKind.Code, code.Lines.ToString().TrimEnd(), block);
                    break;

                case YamlFrontMatterBlock frontMatter:
                    FrontMatterTitle = TitleFromFrontMatter(frontMatter.Lines.ToString());
                    break;

                case Table table:
                    Add(BlockKind.Table, TableText(table), block);
                    break;

                case HtmlBlock html:
                    Add(BlockKind.Paragraph, StripTags(html.Lines.ToString()), block);
                    break;

                case ThematicBreakBlock or LinkReferenceDefinitionGroup or BlankLineBlock:
                    break;

                case ContainerBlock container:
                    VisitContainer(container, depth + 1);
                    break;

                case LeafBlock leaf when leaf.Inline is not null:
                    Add(BlockKind.Paragraph, InlineText(leaf.Inline), block);
                    break;
            }
        }

        private void VisitListItem(ListItemBlock item, int depth)
        {
            // The item's own paragraphs form one list item; nested lists and code follow as blocks of their own.
            var own = new StringBuilder();
            int lastLine = item.Line;
            foreach (var paragraph in item.OfType<ParagraphBlock>())
            {
                AppendSeparated(own, InlineText(paragraph.Inline));
                lastLine = Math.Max(lastLine, LineOf(paragraph.Span.End));
            }

            if (own.Length > 0)
            {
                Blocks.Add(new DocumentBlock(BlockKind.ListItem, own.ToString(), _headings.Path, StartLine: item.Line + 1, EndLine: lastLine + 1));
            }

            foreach (var child in item)
            {
                if (child is not ParagraphBlock)
                {
                    Visit(child, depth + 1);
                }
            }
        }

        private void Add(BlockKind kind, string text, Block block, IReadOnlyList<string>? path = null, int? level = null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            Blocks.Add(new DocumentBlock(kind, text, path ?? _headings.Path, level,
                StartLine: block.Line + 1, EndLine: Math.Max(block.Line, LineOf(block.Span.End)) + 1));
        }

        private int LineOf(int offset)
        {
            int k = Array.BinarySearch(_lineStarts, Math.Max(0, offset));
            return k >= 0 ? k : ~k - 1;
        }

        private static int[] LineStarts(string text)
        {
            var starts = new List<int> { 0 };
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    starts.Add(i + 1);
                }
            }

            return [.. starts];
        }
    }

    private static string TableText(Table table) =>
        LocalKernel.Rag.TableText.Join(table.OfType<TableRow>().Select(row => (IReadOnlyList<string>)row.OfType<TableCell>().Select(FlattenText).ToList()));

    private static string FlattenText(ContainerBlock container)
    {
        var sb = new StringBuilder();
        foreach (var leaf in container.Descendants<LeafBlock>())
        {
            string text = leaf.Inline is not null ? InlineText(leaf.Inline) : leaf.Lines.ToString();
            AppendSeparated(sb, text.Replace('\n', ' ').Trim());
        }

        return sb.ToString();
    }

    private static string InlineText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        AppendInline(sb, inline);
        return CollapseSpaces(sb.ToString());
    }

    private static void AppendInline(StringBuilder sb, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                sb.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                sb.Append(code.Content);
                break;
            case AutolinkInline autolink:
                sb.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                sb.Append(entity.Transcoded.AsSpan());
                break;
            case LineBreakInline lineBreak:
                sb.Append(lineBreak.IsHard ? '\n' : ' ');
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendInline(sb, child);
                }

                break;
        }
    }

    private static string CollapseSpaces(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            string collapsed = string.Join(' ', line.Split(' ', '\t').Where(w => w.Length > 0));
            if (collapsed.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(collapsed);
        }

        return sb.ToString();
    }

    private static void AppendSeparated(StringBuilder sb, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (sb.Length > 0)
        {
            sb.Append(' ');
        }

        sb.Append(text);
    }

    private static string? TitleFromFrontMatter(string yaml)
    {
        foreach (var line in yaml.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("title:", StringComparison.OrdinalIgnoreCase))
            {
                string value = trimmed["title:".Length..].Trim().Trim('"', '\'');
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }

    private static string StripTags(string html)
    {
        // Raw HTML inside Markdown is usually a comment or a wrapper; its text is what matters.
        var sb = new StringBuilder(html.Length);
        int i = 0;
        while (i < html.Length)
        {
            if (html.AsSpan(i).StartsWith("<!--"))
            {
                int end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
            }
            else if (html[i] == '<')
            {
                int end = html.IndexOf('>', i + 1);
                i = end < 0 ? html.Length : end + 1;
                sb.Append(' ');
            }
            else
            {
                sb.Append(html[i++]);
            }
        }

        return CollapseSpaces(System.Net.WebUtility.HtmlDecode(sb.ToString()).Replace('\n', ' ').Replace('\r', ' '));
    }
}
