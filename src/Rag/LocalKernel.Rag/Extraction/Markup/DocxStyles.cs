using DocumentFormat.OpenXml.Wordprocessing;

namespace LocalKernel.Rag;

/// <summary>What a DOCX paragraph style means for structure: heading level, title, list. Follows "based on" chains,
/// since custom heading styles usually derive from the built-in ones.</summary>
internal sealed class DocxStyles
{
    private const int MaxChain = 16;

    private readonly Dictionary<string, Style> _byId = new(StringComparer.Ordinal);

    public DocxStyles(Styles? styles)
    {
        if (styles is null)
        {
            return;
        }

        foreach (var style in styles.Elements<Style>())
        {
            if (style.StyleId?.Value is { } id)
            {
                _byId.TryAdd(id, style);
            }
        }
    }

    /// <summary>1–6 for Title and Heading 1–6 styles (by name, id or outline level), else null.</summary>
    public int? HeadingLevel(string? styleId)
    {
        foreach (var style in Chain(styleId))
        {
            string name = Normalize(style.StyleName?.Val?.Value ?? style.StyleId?.Value);
            if (name == "title")
            {
                return 1;
            }

            if (name.StartsWith("heading", StringComparison.Ordinal) && int.TryParse(name.AsSpan("heading".Length), out int n) && n is >= 1 and <= 6)
            {
                return n;
            }

            if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is int outline)
            {
                return outline is >= 0 and < 6 ? outline + 1 : null;
            }
        }

        // Documents without a styles part still name built-in styles by id.
        string id = Normalize(styleId);
        return id.StartsWith("heading", StringComparison.Ordinal) && int.TryParse(id.AsSpan("heading".Length), out int k) && k is >= 1 and <= 6 ? k
            : id == "title" ? 1 : null;
    }

    /// <summary>Whether the style is the document title style.</summary>
    public bool IsTitle(string? styleId) =>
        Normalize(styleId) == "title" || Chain(styleId).Any(s => Normalize(s.StyleName?.Val?.Value) == "title");

    /// <summary>Whether paragraphs of the style are list items (numbering in the style, or a "List …" style).</summary>
    public bool IsList(string? styleId) =>
        Chain(styleId).Any(s => s.StyleParagraphProperties?.NumberingProperties is not null || Normalize(s.StyleName?.Val?.Value).StartsWith("list", StringComparison.Ordinal))
        || Normalize(styleId).StartsWith("list", StringComparison.Ordinal);

    private IEnumerable<Style> Chain(string? styleId)
    {
        for (int i = 0; i < MaxChain && styleId is not null && _byId.TryGetValue(styleId, out var style); i++)
        {
            yield return style;
            styleId = style.BasedOn?.Val?.Value;
        }
    }

    private static string Normalize(string? name) =>
        name is null ? string.Empty : name.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
