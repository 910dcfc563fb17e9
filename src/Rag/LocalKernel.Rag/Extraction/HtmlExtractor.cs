using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace LocalKernel.Rag;

/// <summary>
/// Extracts HTML with AngleSharp: the title, h1–h6 headings (with the breadcrumb), paragraphs, list items, pre/code
/// blocks and data tables (header row first, cells joined by " | "). Scripts, styles, navigation, asides, hidden
/// elements and page-level header/footer are dropped; tables used for page layout are read as ordinary content.
/// </summary>
/// <remarks>HTML blocks carry no line numbers. Stateless and thread-safe.</remarks>
public sealed class HtmlExtractor : IDocumentExtractor
{
    /// <summary>The content type this extractor reports: "text/html".</summary>
    public const string HtmlContentType = "text/html";

    private const int MaxNesting = 512;

    private static readonly string[] Types = [HtmlContentType, "application/xhtml+xml"];

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "nav", "aside", "head", "svg", "math", "iframe", "object", "embed",
        "canvas", "select", "button", "input", "textarea", "option", "dialog",
    };

    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal)
    {
        "html", "body", "div", "section", "article", "main", "blockquote", "ul", "ol", "dl", "figure", "details", "form",
        "fieldset", "center", "hgroup", "address", "header", "footer", "menu", "search",
    };

    private static readonly HashSet<string> ParagraphLike = new(StringComparer.Ordinal)
    {
        "p", "dt", "dd", "caption", "figcaption", "summary", "legend",
    };

    /// <inheritdoc />
    public IReadOnlyCollection<string> ContentTypes => Types;

    /// <inheritdoc />
    /// <exception cref="DocumentExtractionException">Binary content, an empty page or one without text, or one over
    /// <see cref="ExtractionOptions.MaxFileBytes"/>.</exception>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = await ExtractionInput.ReadAllAsync(content, options.MaxFileBytesOrDefault, cancellationToken).ConfigureAwait(false);

        // Refuse binary data ourselves; AngleSharp then decides the encoding from the BOM or the meta charset.
        TextDecoding.DetectEncoding(bytes, "HTML", out _);

        // The HTML tree builder walks the stack of open elements for many tags, so absurd nesting costs quadratic time:
        // refuse it before parsing, from a cheap scan of the tags.
        if (HtmlNesting.ExceedsDepth(bytes, MaxNesting))
        {
            throw new DocumentExtractionException(ExtractionFailure.TooLarge, $"The HTML nests elements more than {MaxNesting:N0} deep.");
        }

        var parser = new HtmlParser();
        using var memory = new MemoryStream(bytes, writable: false);
        var document = await parser.ParseDocumentAsync(memory, cancellationToken).ConfigureAwait(false);

        var walker = new Walker(cancellationToken);
        if (document.Body is { } body)
        {
            walker.Walk(body, 0);
        }

        walker.Flush();
        if (walker.Blocks.Count == 0)
        {
            throw new DocumentExtractionException(ExtractionFailure.Empty, "The HTML page contains no visible text.");
        }

        string? title = Collapse(document.Title ?? string.Empty);
        if (string.IsNullOrEmpty(title))
        {
            title = walker.Blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading && b.HeadingLevel == 1)?.Text;
        }

        return new ExtractedDocument(HtmlContentType, title, walker.Blocks);
    }

    private sealed class Walker(CancellationToken cancellationToken)
    {
        // DOM depth is not "embedded parts": real pages nest divs deeply. This only keeps recursion off the stack limit.
        private const int MaxDomDepth = 256;

        private readonly HeadingTracker _headings = new();
        private readonly StringBuilder _inline = new();

        public List<DocumentBlock> Blocks { get; } = [];

        public void Walk(INode node, int depth)
        {
            foreach (var child in node.ChildNodes)
            {
                Visit(child, depth);
            }
        }

        private void Visit(INode child, int depth)
        {
            if (child is IText text)
            {
                _inline.Append(text.Data);
                return;
            }

            if (child is not IElement element || IsDropped(element))
            {
                return;
            }

            string name = element.LocalName;
            if (depth >= MaxDomDepth)
            {
                _inline.Append(' ').Append(element.TextContent);
                return;
            }

            if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
            {
                Flush();
                string heading = InlineText(element);
                if (heading.Length > 0)
                {
                    int level = name[1] - '0';
                    var above = _headings.Enter(level, heading.Replace('\n', ' '));
                    Blocks.Add(new DocumentBlock(BlockKind.Heading, heading.Replace('\n', ' '), above, level));
                }
            }
            else if (ParagraphLike.Contains(name))
            {
                Flush();
                AddBlock(BlockKind.Paragraph, InlineText(element));
            }
            else if (name == "li")
            {
                Flush();
                AddBlock(BlockKind.ListItem, InlineText(element, skipNestedBlocks: true));
                foreach (var nested in element.Children.Where(c => c.LocalName is "ul" or "ol" or "dl" or "table" or "pre" or "div"))
                {
                    Visit(nested, depth + 1);
                }
            }
            else if (name == "pre")
            {
                Flush();
                AddBlock(BlockKind.Code, element.TextContent.TrimStart('\n').TrimEnd());
            }
            else if (name == "table" && element is IHtmlTableElement table && !IsLayoutTable(table))
            {
                Flush();
                AddBlock(BlockKind.Table, TableText(table));
            }
            else if (name == "br")
            {
                _inline.Append('\u2028');
            }
            else if (Containers.Contains(name) || name is "table" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th")
            {
                Flush();
                Walk(element, depth + 1);
                Flush();
            }
            else
            {
                Walk(element, depth + 1);
            }
        }

        public void Flush()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_inline.Length > 0)
            {
                AddBlock(BlockKind.Paragraph, Collapse(_inline.ToString()));
                _inline.Clear();
            }
        }

        private void AddBlock(BlockKind kind, string text)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                Blocks.Add(new DocumentBlock(kind, text, _headings.Path));
            }
        }
    }

    private static bool IsDropped(IElement element)
    {
        string name = element.LocalName;
        if (Dropped.Contains(name) || element.HasAttribute("hidden") || element.GetAttribute("aria-hidden") == "true")
        {
            return true;
        }

        string? style = element.GetAttribute("style");
        if (style is not null && style.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("display:none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Site chrome: a header or footer of the page, not one inside an article (which often holds the article's title).
        return name is "header" or "footer" && element.Closest("article, main") is null;
    }

    private static bool IsLayoutTable(IHtmlTableElement table) =>
        table.QuerySelector("table, p, div, h1, h2, h3, h4, h5, h6, ul, ol, pre, blockquote") is not null;

    private static string TableText(IHtmlTableElement table) =>
        LocalKernel.Rag.TableText.Join(table.Rows.Select(row => (IReadOnlyList<string>)row.Cells.Select(c => InlineText(c).Replace('\n', ' ')).ToList()));

    private static string InlineText(IElement element, bool skipNestedBlocks = false)
    {
        var sb = new StringBuilder();
        AppendText(sb, element, skipNestedBlocks, 0);
        return Collapse(sb.ToString());
    }

    private static void AppendText(StringBuilder sb, INode node, bool skipNestedBlocks, int depth)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                sb.Append(text.Data);
            }
            else if (child is IElement element && !IsDropped(element))
            {
                string name = element.LocalName;
                if (skipNestedBlocks && name is "ul" or "ol" or "dl" or "table" or "pre" or "div")
                {
                    continue;
                }

                if (name == "br")
                {
                    sb.Append('\u2028');
                }
                else if (depth < 256)
                {
                    // Block-level children (a div inside a p) still separate words.
                    bool block = Containers.Contains(name) || ParagraphLike.Contains(name) || name is "li" or "tr" or "td" or "th";
                    if (block)
                    {
                        sb.Append(' ');
                    }

                    AppendText(sb, element, skipNestedBlocks, depth + 1);
                    if (block)
                    {
                        sb.Append(' ');
                    }
                }
            }
        }
    }

    /// <summary>Collapses whitespace runs to one space; explicit line breaks (U+2028 from &lt;br&gt;) become '\n'.</summary>
    private static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (c == '\u2028')
            {
                TrimEndSpaces(sb);
                sb.Append('\n');
                space = false;
            }
            else if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0 && sb[^1] != '\n';
            }
            else
            {
                if (space)
                {
                    sb.Append(' ');
                    space = false;
                }

                sb.Append(c);
            }
        }

        return sb.ToString().Trim('\n');
    }

    private static void TrimEndSpaces(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }
    }
}
