namespace LocalKernel.Bench;

/// <summary>
/// Corpus files for producers whose PDFs no documentation package ships, made at bench time from real package content
/// and cached under <c>made/</c> beside the unpacked packages: HTML manuals printed by Chromium and converted by htmldoc,
/// and pages of corpus PDFs rendered by pdftoppm and read back by tesseract into an OCR text layer (the invisible text
/// over a page image that scanners and OCR tools write). A maker that is not installed is reported and its files left
/// out: <c>apt-get install chromium htmldoc tesseract-ocr</c>.
/// </summary>
internal static class PdfMadeCorpus
{
    private const string Doc = "usr/share/doc/";

    /// <summary>(group, package, path suffix of the source in the package, pages for OCR).</summary>
    private static readonly (string Group, string Package, string Suffix, (int First, int Last) Pages)[] Entries =
    [
        ("Chromium", "git-doc", "git-doc/git-rebase.html", default),                              // asciidoc: options, code
        ("Chromium", "postgresql-doc-15", "html/sql-select.html", default),                         // DocBook: synopsis, psql tables
        ("Chromium", "postgresql-doc-15", "html/datatype-numeric.html", default),                   // tables
        ("Chromium", "sqlite3-doc", "sqlite3/lang_select.html", default),                           // SVG syntax diagrams
        ("Chromium", "docutils-doc", "docs/user/rst/quickref.html", default),                       // two-column tables
        ("Chromium", "debian-policy", "policy.html/ch-relationships.html", default),                // Sphinx
        ("htmldoc", "docutils-doc", "docutils-doc/FAQ.html", default),
        ("htmldoc", "sqlite3-doc", "sqlite3/datatype3.html", default),
        ("htmldoc", "postgresql-doc-15", "html/sql-select.html", default),
        ("OCR text layer", "r-doc-pdf", "R-FAQ.pdf", (10, 14)),                                     // pdfTeX pages
        ("OCR text layer", "xorg-docs", "icccm.pdf", (10, 13)),                                     // Apache FOP pages
        ("OCR text layer", "python-reportlab-doc", "reportlab-userguide.pdf", (20, 23)),            // code and figures
    ];

    /// <summary>The packages the sources come from.</summary>
    public static IEnumerable<string> Packages => Entries.Select(e => e.Package);

    /// <summary>Makes the files not yet in <paramref name="cache"/>/made from the packages unpacked in <paramref name="tree"/>
    /// and lists those it has.</summary>
    public static List<PdfCorpusFile> Make(string cache, string tree)
    {
        var files = new List<PdfCorpusFile>();
        var chromium = ChromiumPrinter.Find();
        var reported = new HashSet<string>();
        foreach (var (group, package, suffix, pages) in Entries)
        {
            string name = Path.GetFileNameWithoutExtension(suffix) + (pages == default ? string.Empty : $".p{pages.First}-{pages.Last}.ocr") + ".pdf";
            string folder = Path.Combine(cache, "made", group.Replace(' ', '-').ToLowerInvariant(), package), pdf = Path.Combine(folder, name);
            if (!File.Exists(pdf))
            {
                Directory.CreateDirectory(folder);
                string? why = PdfCorpus.Find(tree, package, suffix) is not { } source ? $"{package} {suffix} not found"
                    : Make(group, source, pages, pdf, chromium);
                if (why is not null)
                {
                    if (reported.Add(group + why))
                    {
                        Console.WriteLine($"not made ({group}): {why}");
                    }

                    continue;
                }
            }

            files.Add(new PdfCorpusFile(group, package, name, pdf, Made: true));
        }

        return files;
    }

    /// <summary>Makes <paramref name="pdf"/> from <paramref name="source"/>; null when made, else why not.</summary>
    private static string? Make(string group, string source, (int First, int Last) pages, string pdf, string? chromium)
    {
        string directory = Path.GetDirectoryName(pdf)!;
        switch (group)
        {
            case "Chromium":
                return chromium is null ? "no chromium on PATH" : ChromiumPrinter.Print(chromium, source, pdf) ? null : "chromium did not print";
            case "htmldoc":
                return PdfCorpus.Run("htmldoc", ["--webpage", "--quiet", "-f", pdf, source], directory) == 0 && File.Exists(pdf) ? null : "htmldoc failed or is not installed";
            default:
                return Ocr(source, pages.First, pages.Last, pdf);
        }
    }

    /// <summary>Pages <paramref name="first"/>..<paramref name="last"/> of <paramref name="source"/> at 200 dpi, read by
    /// tesseract into a PDF of the page images with their recognised text as an invisible layer.</summary>
    private static string? Ocr(string source, int first, int last, string pdf)
    {
        string images = pdf + ".pages";
        Directory.CreateDirectory(images);
        try
        {
            if (PdfCorpus.Run("pdftoppm", ["-r", "200", "-f", $"{first}", "-l", $"{last}", "-png", source, Path.Combine(images, "p")], images) != 0)
            {
                return "pdftoppm failed";
            }

            string list = Path.Combine(images, "pages.txt");
            File.WriteAllLines(list, Directory.GetFiles(images, "p-*.png").Order(StringComparer.Ordinal));

            // One thread: tesseract's OpenMP threads fight each other on a small machine and take several times longer.
            var oneThread = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" };
            return PdfCorpus.Run("tesseract", [list, pdf[..^4], "-l", "eng", "pdf"], images, oneThread) == 0 && File.Exists(pdf) ? null
                : "tesseract failed or is not installed (with its English data)";
        }
        finally
        {
            Directory.Delete(images, recursive: true);
        }
    }
}
