namespace LocalKernel.Rag;

/// <summary>A page with the resources it inherits (7.7.3.4).</summary>
internal sealed record PdfPageInfo(PdfDictionary Page, PdfDictionary? Resources);

/// <summary>Walks the page tree in order, with inherited resources, cycle protection and the page limit.</summary>
internal static class PdfPageTree
{
    private const int MaxTreeDepth = 64;

    /// <exception cref="DocumentExtractionException">More pages than <paramref name="maxPages"/> (TooLarge).</exception>
    /// <exception cref="PdfFormatException">No page tree.</exception>
    public static List<PdfPageInfo> Collect(PdfFile file, PdfDictionary catalog, int maxPages)
    {
        var root = file.ResolveDictionary(catalog.Get("Pages")) ?? throw new PdfFormatException("The PDF has no page tree.");
        if (file.ResolveNumber(root.Get("Count")) is double declared && declared > maxPages)
        {
            throw TooManyPages((long)declared, maxPages);
        }

        var pages = new List<PdfPageInfo>();
        var visited = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
        Visit(file, root, null, 0, visited, pages, maxPages);
        return pages;
    }

    private static void Visit(PdfFile file, PdfDictionary node, PdfDictionary? inherited, int depth, HashSet<PdfDictionary> visited, List<PdfPageInfo> pages, int maxPages)
    {
        if (depth > MaxTreeDepth || !visited.Add(node))
        {
            return; // a page tree that loops or nests absurdly: stop there, as viewers do
        }

        var resources = file.ResolveDictionary(node.Get("Resources")) ?? inherited;
        var kids = file.ResolveArray(node.Get("Kids"));
        if (kids is null || file.ResolveName(node.Get("Type")) == "Page")
        {
            if (pages.Count >= maxPages)
            {
                throw TooManyPages(pages.Count + 1, maxPages);
            }

            pages.Add(new PdfPageInfo(node, resources));
            return;
        }

        foreach (var kid in kids)
        {
            if (file.ResolveDictionary(kid) is { } child)
            {
                Visit(file, child, resources, depth + 1, visited, pages, maxPages);
            }
        }
    }

    private static DocumentExtractionException TooManyPages(long count, int maxPages) =>
        new(ExtractionFailure.TooLarge, $"The PDF has {(count > maxPages + 1 ? count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "more than " + maxPages.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))} pages; the limit is {maxPages:N0} (ExtractionOptions.MaxPages).");
}
