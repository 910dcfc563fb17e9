using System.Globalization;

namespace LocalKernel.Rag;

/// <summary>A page with the resources it inherits (7.7.3.4).</summary>
internal sealed record PdfPageInfo(PdfDictionary Page, PdfDictionary? Resources);

/// <summary>The pages to read, and how many the document has when that is more than were taken.</summary>
internal sealed record PdfPageList(List<PdfPageInfo> Pages, long TotalPages);

/// <summary>Walks the page tree in order, with inherited resources, cycle protection and the page limit: a document
/// longer than the limit is cut there (its first pages are worth having), and the caller says so.</summary>
internal static class PdfPageTree
{
    private const int MaxTreeDepth = 64;

    /// <exception cref="PdfFormatException">No page tree.</exception>
    public static PdfPageList Collect(PdfFile file, PdfDictionary catalog, int maxPages)
    {
        var root = file.ResolveDictionary(catalog.Get("Pages")) ?? throw new PdfFormatException("The PDF has no page tree.");
        var pages = new List<PdfPageInfo>();
        var visited = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
        long seen = 0;
        Visit(file, root, null, 0, visited, pages, maxPages, ref seen);
        long declared = file.ResolveNumber(root.Get("Count")) is double count && double.IsFinite(count) ? (long)Math.Clamp(count, 0, int.MaxValue) : 0;
        return new PdfPageList(pages, Math.Max(seen, seen > maxPages ? declared : 0));
    }

    /// <summary>The pages to read: the page tree's, cut at <paramref name="maxPages"/>; in a damaged file also the
    /// pages a scan finds that the tree lost (all of them when the catalog or the tree is gone). Adds a warning for
    /// each thing the reader had to give up or work around.</summary>
    /// <exception cref="PdfFormatException">No catalog and no page anywhere in the file.</exception>
    public static List<PdfPageInfo> Find(PdfFile file, int maxPages, List<string> warnings)
    {
        var catalog = file.ResolveDictionary(file.Trailer.Get("Root"));
        PdfPageList? tree = null;
        if (catalog is not null && (file.ResolveDictionary(catalog.Get("Pages")) is not null || !file.Rebuilt))
        {
            tree = Collect(file, catalog, maxPages);
        }

        var pages = tree?.Pages ?? [];
        if (file.Rebuilt && pages.Count < maxPages)
        {
            var known = new HashSet<PdfDictionary>(pages.Select(p => p.Page), ReferenceEqualityComparer.Instance);
            int found = 0;
            foreach (var page in file.ScanPages())
            {
                if (known.Add(page) && pages.Count < maxPages)
                {
                    pages.Add(new PdfPageInfo(page, InheritedResources(file, page)));
                    found++;
                }
            }

            if (found > 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{found:N0} pages missing from the page tree were found by scanning the damaged file; they follow in file order."));
            }
        }

        if (file.Truncated)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"The PDF is truncated (its end is missing); the {pages.Count:N0} pages that survived were read."));
        }
        else if (file.Rebuilt)
        {
            warnings.Add("The PDF's cross-reference data is damaged; its objects were found by scanning the file.");
        }

        if (catalog is null && pages.Count == 0)
        {
            throw new PdfFormatException(file.Truncated
                ? "The PDF is truncated: its end (the cross-reference section and the %%EOF marker) is missing, and no page survived."
                : "The PDF has no readable document catalog.");
        }

        if (tree is not null && tree.TotalPages > tree.Pages.Count)
        {
            string total = tree.TotalPages > maxPages + 1 ? tree.TotalPages.ToString("N0", CultureInfo.InvariantCulture) : "more than " + maxPages.ToString("N0", CultureInfo.InvariantCulture);
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"The PDF has {total} pages; only the first {maxPages:N0} were read (ExtractionOptions.MaxPages)."));
        }

        return pages;
    }

    private static PdfDictionary? InheritedResources(PdfFile file, PdfDictionary page)
    {
        var node = page;
        for (int depth = 0; depth < MaxTreeDepth && node is not null; depth++)
        {
            if (file.ResolveDictionary(node.Get("Resources")) is { } resources)
            {
                return resources;
            }

            node = file.ResolveDictionary(node.Get("Parent"));
        }

        return null;
    }

    private static void Visit(PdfFile file, PdfDictionary node, PdfDictionary? inherited, int depth, HashSet<PdfDictionary> visited, List<PdfPageInfo> pages, int maxPages, ref long seen)
    {
        if (depth > MaxTreeDepth || !visited.Add(node) || seen > maxPages)
        {
            return; // a page tree that loops or nests absurdly: stop there, as viewers do; past the limit: stop walking
        }

        var resources = file.ResolveDictionary(node.Get("Resources")) ?? inherited;
        var kids = file.ResolveArray(node.Get("Kids"));
        if (kids is null || file.ResolveName(node.Get("Type")) == "Page")
        {
            if (++seen <= maxPages)
            {
                pages.Add(new PdfPageInfo(node, resources));
            }

            return;
        }

        foreach (var kid in kids)
        {
            if (file.ResolveDictionary(kid) is { } child)
            {
                Visit(file, child, resources, depth + 1, visited, pages, maxPages, ref seen);
            }
        }
    }
}
