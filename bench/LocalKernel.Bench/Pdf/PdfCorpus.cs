using System.Diagnostics;
using System.IO.Compression;

namespace LocalKernel.Bench;

/// <summary>One real PDF of the corpus: the package it came from, the producer group it stands for, its local copy, and
/// whether it was made at bench time from the package's content (<see cref="PdfMadeCorpus"/>) rather than shipped in it.</summary>
internal sealed record PdfCorpusFile(string Group, string Package, string Name, string Path, bool Made = false);

/// <summary>
/// Real PDFs nobody on this project wrote, gathered at bench time from distribution documentation packages
/// (<c>apt-get download</c> + <c>dpkg -x</c> into the ignored <c>.cache/pdf-corpus</c>; nothing third-party is
/// committed). The list spans the producers documents come from: pdfTeX (old and new), XeTeX/LuaTeX, LibreOffice,
/// Word via Distiller, cairo, Apache FOP, groff (gropdf and Ghostscript), ReportLab and Prawn; and, made at bench time
/// from package content, Chromium, htmldoc and OCR text layers (<see cref="PdfMadeCorpus"/>).
/// </summary>
internal static class PdfCorpus
{
    /// <summary>(group, package, file-name suffix inside the package). Kept modest so a run takes minutes.</summary>
    private static readonly (string Group, string Package, string Suffix)[] Entries =
    [
        ("pdfTeX", "gap-doc", "doc/tut/manual.pdf"),               // Type 3 bitmap fonts with numeric glyph names
        ("pdfTeX", "gap-doc", "doc/hpc/manual.pdf"),
        ("pdfTeX", "camlidl-doc", "camlidl-1.04.doc.pdf"),         // pdfTeX 0.13d
        ("pdfTeX", "graphviz-doc", "neatoguide.pdf"),              // pdfTeX 1.10b
        ("pdfTeX", "graphviz-doc", "dotguide.pdf"),
        ("pdfTeX", "graphviz-doc", "libguide.pdf"),
        ("pdfTeX", "r-doc-pdf", "R-intro.pdf"),
        ("pdfTeX", "r-doc-pdf", "R-data.pdf"),
        ("pdfTeX", "r-doc-pdf", "R-FAQ.pdf"),
        ("pdfTeX", "freefem-doc", "freefem.pdf"),
        ("pdfTeX", "docbook-xsl-doc-pdf", "docbook-xsl/reference.pdf"),
        ("XeTeX/LuaTeX", "texlive-xetex", "xesearch.pdf"),
        ("XeTeX/LuaTeX", "texlive-xetex", "Thesis.pdf"),
        ("XeTeX/LuaTeX", "texlive-xetex", "sample.pdf"),
        ("XeTeX/LuaTeX", "texlive-xetex", "arabxetex.pdf"),
        ("XeTeX/LuaTeX", "texlive-xetex", "xetexko-doc.pdf"),
        ("XeTeX/LuaTeX", "texlive-xetex", "unisugar.pdf"),
        ("XeTeX/LuaTeX", "texlive-xetex", "xecyr-ex5-ru-x.pdf"),   // LuaTeX
        ("XeTeX/LuaTeX", "auto-multiple-choice-doc-pdf", "auto-multiple-choice.en.pdf"),
        ("XeTeX/LuaTeX", "auto-multiple-choice-doc-pdf", "auto-multiple-choice.fr.pdf"),
        ("LibreOffice", "fonts-sil-padauk", "Padauk-features.pdf"),
        ("LibreOffice", "fonts-sil-padauk", "Padauk-typesample.pdf"),
        ("LibreOffice", "fonts-sil-abyssinica", "AbyssinicaSILFontFeatures.pdf"),
        ("Word/Distiller", "fonts-sil-abyssinica", "AbyssinicaSILTypeSample.pdf"),
        ("Word/Distiller", "fonts-sil-scheherazade", "Scheherazade-features.pdf"),
        ("Word/Distiller", "graphviz-doc", "dottyguide.pdf"),      // dvips + Distiller 3.01
        ("Word/Distiller", "graphviz-doc", "leftyguide.pdf"),
        ("cairo", "fonts-sil-charis", "about.pdf"),
        ("cairo", "fonts-sil-charis", "features.pdf"),
        ("cairo", "fonts-sil-charis", "history.pdf"),
        ("cairo", "fonts-sil-charis", "developer.pdf"),
        ("cairo", "fonts-sil-charis", "charset.pdf"),
        ("Apache FOP", "xorg-docs", "License.pdf"),                // standard-14 fonts without /Widths
        ("Apache FOP", "xorg-docs", "ReleaseNotes.pdf"),
        ("Apache FOP", "xorg-docs", "XACE-Spec.pdf"),
        ("Apache FOP", "xorg-docs", "fonts.pdf"),
        ("Apache FOP", "xorg-docs", "icccm.pdf"),
        ("Apache FOP", "xorg-docs", "xlfd.pdf"),
        ("groff/Ghostscript", "groff", "mom-pdf.pdf"),             // gropdf
        ("groff/Ghostscript", "groff", "sample_docs.pdf"),
        ("groff/Ghostscript", "groff", "mon_premier_doc.pdf"),
        ("groff/Ghostscript", "groff", "pdfmark.pdf"),             // groff + Ghostscript
        ("groff/Ghostscript", "graphviz-doc", "dot.1.pdf"),
        ("groff/Ghostscript", "graphviz-doc", "gvpr.1.pdf"),
        ("groff/Ghostscript", "graphviz-doc", "cgraph.3.pdf"),
        ("groff/Ghostscript", "siscone-doc-pdf", "refman.pdf"),    // LaTeX through Ghostscript
        ("ReportLab/Prawn", "python-reportlab-doc", "reportlab-userguide.pdf"),
        ("ReportLab/Prawn", "ruby-prawn-doc", "manual.pdf"),
    ];

    /// <summary>A document over the default page limit (R's reference manual, 2,415 pages).</summary>
    public static (string Package, string Suffix) OverPageLimit => ("r-doc-pdf", "R/doc/manual/refman.pdf");

    /// <summary>Downloads and unpacks the packages not yet in <paramref name="cache"/>, then lists the corpus.
    /// Returns null (after saying why) when the tools or the packages are not available.</summary>
    public static List<PdfCorpusFile>? Gather(string cache)
    {
        var packages = Entries.Select(e => e.Package).Concat(PdfMadeCorpus.Packages).Append(OverPageLimit.Package).Distinct().ToList();
        var tree = Fetch(cache, packages);
        var files = new List<PdfCorpusFile>();
        foreach (var (group, package, suffix) in Entries)
        {
            if (Find(tree, package, suffix) is { } path)
            {
                files.Add(new PdfCorpusFile(group, package, System.IO.Path.GetFileName(path), path));
            }
            else
            {
                Console.WriteLine($"missing: {package} {suffix}");
            }
        }

        files.AddRange(PdfMadeCorpus.Make(cache, tree));
        if (files.Count == 0)
        {
            Console.WriteLine("No corpus: this benchmark needs apt-get and dpkg (a Debian-based system) with network access.");
            return null;
        }

        return files;
    }

    /// <summary>Downloads and unpacks (<c>apt-get download</c>, <c>dpkg -x</c>) the packages not yet under
    /// <paramref name="cache"/>/tree; returns that folder. A package that cannot be had is reported and left out.</summary>
    public static string Fetch(string cache, IReadOnlyList<string> packages)
    {
        var debs = Path.Combine(cache, "debs");
        var tree = Path.Combine(cache, "tree");
        Directory.CreateDirectory(debs);
        Directory.CreateDirectory(tree);
        var missing = packages.Where(p => !Directory.Exists(Path.Combine(tree, p))).ToList();
        if (missing.Count == 0)
        {
            return tree;
        }

        Console.WriteLine($"fetching {missing.Count} packages into {cache}");
        if (Run("apt-get", ["update", "-qq"], debs) != 0)
        {
            Console.WriteLine("apt-get update failed; continuing with the package lists already present");
        }

        foreach (var package in missing)
        {
            foreach (var stale in Directory.GetFiles(debs, package + "_*.deb"))
            {
                File.Delete(stale);
            }

            if (Run("apt-get", ["download", "-qq", package], debs) != 0)
            {
                Console.WriteLine($"could not download {package}; its files are left out");
                continue;
            }

            var deb = Directory.GetFiles(debs, package + "_*.deb").FirstOrDefault();
            var target = Path.Combine(tree, package);
            if (deb is null || Run("dpkg", ["-x", deb, target + ".tmp"], debs) != 0)
            {
                Console.WriteLine($"could not unpack {package}; its files are left out");
                continue;
            }

            Directory.Move(target + ".tmp", target);
            File.Delete(deb);
        }

        return tree;
    }

    /// <summary>The unpacked file of <paramref name="package"/> whose path ends with <paramref name="suffix"/>
    /// (documentation is often shipped gzipped; it is unpacked beside the original once).</summary>
    public static string? Find(string tree, string package, string suffix)
    {
        var root = Path.Combine(tree, package);
        if (!Directory.Exists(root))
        {
            return null;
        }

        var candidates = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith("/" + suffix, StringComparison.Ordinal) || f.EndsWith("/" + suffix + ".gz", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var plain = candidates.FirstOrDefault(f => !f.EndsWith(".gz", StringComparison.Ordinal));
        if (plain is not null)
        {
            return plain;
        }

        var gz = candidates.FirstOrDefault();
        if (gz is null)
        {
            return null;
        }

        var unpacked = gz[..^3];
        using (var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress))
        using (var output = File.Create(unpacked))
        {
            input.CopyTo(output);
        }

        return unpacked;
    }

    /// <summary>Runs <paramref name="tool"/> in <paramref name="directory"/> and returns its exit code (-1 when it is not
    /// installed), saying what it printed to stderr when it fails.</summary>
    public static int Run(string tool, string[] arguments, string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        try
        {
            var start = new ProcessStartInfo(tool) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"{tool} {string.Join(' ', arguments)}: {stderr.Result.Trim()}");
            }

            _ = stdout.Result;
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine($"{tool} is not installed");
            return -1;
        }
    }
}
