using System.IO.Compression;
using System.Net;
using System.Text;

namespace LocalKernel.Bench;

/// <summary>
/// Complex scripts against the text they were printed from. On the real corpus pdftotext is the oracle, and where it
/// misreads — vocalised Arabic, Myanmar, Persian numbers — a reader that reads right scores low. Here the truth is known:
/// real sentences in eleven languages (the Debian packages of Firefox's translations: Arabic, Persian, Urdu, Hebrew,
/// Hindi, Bengali, Tamil, Sinhala, Thai, Khmer, Burmese) are set in the Noto fonts (Debian's <c>fonts-noto-core</c>)
/// and printed to PDF by Chromium, which shapes them with HarfBuzz; our reader, pdftotext and PdfPig are scored against
/// the sentences with the same word counting as the corpus. One producer (Chromium/Skia), so a check of the readers,
/// not of every way a PDF is made. Skipped, with the reason, when Chromium or the packages are missing.
/// </summary>
internal static class PdfScriptSamples
{
    private const int SentencesPerLanguage = 40;

    private sealed record Language(string Code, string Name, string Font, bool RightToLeft, params (char First, char Last)[] Letters);

    private static readonly Language[] Languages =
    [
        new("ar", "Arabic", "NotoNaskhArabic-Regular.ttf", true, ('\u0600', '\u06FF'), ('\uFB50', '\uFDFF'), ('\uFE70', '\uFEFF')),
        new("fa", "Persian", "NotoNaskhArabic-Regular.ttf", true, ('\u0600', '\u06FF'), ('\uFB50', '\uFDFF'), ('\uFE70', '\uFEFF')),
        new("ur", "Urdu (Nastaliq)", "NotoNastaliqUrdu-Regular.ttf", true, ('\u0600', '\u06FF'), ('\uFB50', '\uFDFF'), ('\uFE70', '\uFEFF')),
        new("he", "Hebrew", "NotoSansHebrew-Regular.ttf", true, ('\u0590', '\u05FF')),
        new("hi-in", "Hindi", "NotoSansDevanagari-Regular.ttf", false, ('\u0900', '\u097F')),
        new("bn", "Bengali", "NotoSansBengali-Regular.ttf", false, ('\u0980', '\u09FF')),
        new("ta", "Tamil", "NotoSansTamil-Regular.ttf", false, ('\u0B80', '\u0BFF')),
        new("si", "Sinhala", "NotoSansSinhala-Regular.ttf", false, ('\u0D80', '\u0DFF')),
        new("th", "Thai", "NotoSansThai-Regular.ttf", false, ('\u0E00', '\u0E7F')),
        new("km", "Khmer", "NotoSansKhmer-Regular.ttf", false, ('\u1780', '\u17FF')),
        new("my", "Burmese", "NotoSansMyanmar-Regular.ttf", false, ('\u1000', '\u109F')),
    ];

    private const string FontPackage = "fonts-noto-core";

    /// <summary><c>pdf-scripts [--cache dir] [--pdfpig off]</c>: this section of the <c>pdf</c> benchmark alone.</summary>
    public static int RunAlone(BenchArguments arguments)
    {
        var cache = Path.GetFullPath(arguments.Get("cache") ?? Path.Combine(LocalKernel.Testing.TestPaths.RepositoryRoot, ".cache", "pdf-corpus"));
        var work = Path.Combine(cache, "work-scripts");
        Directory.CreateDirectory(work);
        using var worker = new PdfWorkerProcess(2L * 1024 * 1024 * 1024);
        var summary = Run(cache, work, worker, arguments.Get("pdfpig") != "off", TimeSpan.FromSeconds(180));
        Console.WriteLine("result: " + string.Join(' ', summary));
        return summary.Count > 0 ? 0 : 1;
    }

    public static List<string> Run(string cache, string work, PdfWorkerProcess worker, bool withPig, TimeSpan timeout)
    {
        Console.WriteLine();
        if (ChromiumPrinter.Find() is not { } chromium)
        {
            Console.WriteLine("complex scripts against their source text: skipped (no chromium on PATH)");
            return [];
        }

        var tree = PdfCorpus.Fetch(cache, Languages.Select(l => Package(l)).Append(FontPackage).ToList());
        var fonts = Path.Combine(tree, FontPackage, "usr", "share", "fonts", "truetype", "noto");
        Console.WriteLine($"complex scripts against their source text ({SentencesPerLanguage} sentences each from Firefox's translations, Noto fonts, printed by Chromium; R / P / order)");
        Console.WriteLine($"{"language",-16} {"words",6} | {"ours R",6} {"P",5} {"order",5} | {"pdftotext R",11} {"P",5} {"order",5} | {"pig R",6} {"P",5} {"order",5}");
        var rows = new List<(PdfScores Ours, PdfScores Oracle, PdfScores? Pig)>();
        foreach (var language in Languages)
        {
            var font = Path.Combine(fonts, language.Font);
            var sentences = Sentences(Path.Combine(tree, Package(language)), language);
            if (!File.Exists(font) || sentences.Count < 10)
            {
                Console.WriteLine($"{language.Name,-16} skipped: {(File.Exists(font) ? $"{sentences.Count} sentences" : "no font " + language.Font)}");
                continue;
            }

            string html = Path.Combine(work, $"script-{language.Code}.html"), pdf = Path.ChangeExtension(html, ".pdf");
            File.WriteAllText(html, Html(language, font, sentences));
            if (!ChromiumPrinter.Print(chromium, html, pdf))
            {
                Console.WriteLine($"{language.Name,-16} skipped: chromium did not print");
                continue;
            }

            string truth = string.Join('\n', sentences);
            var ours = PdfTextMetrics.Score(truth, Read(worker, "ours", pdf, work, timeout));
            var oracle = PdfTextMetrics.Score(truth, PdfBenchmark.Pdftotext(pdf, Path.Combine(work, "script-oracle.txt"), null, out _, out _));
            PdfScores? pig = withPig ? PdfTextMetrics.Score(truth, Read(worker, "pdfpig", pdf, work, timeout)) : null;
            rows.Add((ours, oracle, pig));
            Console.WriteLine($"{language.Name,-16} {PdfTextMetrics.Words(truth).Count,6} | {Row(ours)} | {Row(oracle, 11)} | {(pig is null ? string.Empty : Row(pig))}");
        }

        if (rows.Count == 0)
        {
            return [];
        }

        PdfScores Mean(Func<(PdfScores Ours, PdfScores Oracle, PdfScores? Pig), PdfScores> pick) =>
            new(rows.Average(r => pick(r).Recall), rows.Average(r => pick(r).Precision), rows.Average(r => pick(r).Order));
        var (meanOurs, meanOracle) = (Mean(r => r.Ours), Mean(r => r.Oracle));
        Console.WriteLine($"{"mean",-16} {string.Empty,6} | {Row(meanOurs)} | {Row(meanOracle, 11)} | {(withPig ? Row(Mean(r => r.Pig!)) : string.Empty)}");
        return
        [
            PdfBenchmark.Key("script_recall", meanOurs.Recall),
            PdfBenchmark.Key("script_order", meanOurs.Order),
            PdfBenchmark.Key("script_pdftotext_recall", meanOracle.Recall),
            PdfBenchmark.Key("script_pdftotext_order", meanOracle.Order),
        ];
    }

    private static string Package(Language language) => "firefox-esr-l10n-" + language.Code;

    private static string Row(PdfScores s, int width = 6) => $"{s.Recall.ToString("F3").PadLeft(width)} {s.Precision,5:F3} {s.Order,5:F3}";

    private static string Read(PdfWorkerProcess worker, string engine, string pdf, string work, TimeSpan timeout)
    {
        var output = Path.Combine(work, $"script-{engine}.txt");
        var run = worker.Run(engine, pdf, output, timeout);
        return run.Outcome == "text" && File.Exists(output) ? File.ReadAllText(output) : string.Empty;
    }

    /// <summary>The first sentences, in file and key order, of the language pack's Fluent files: one-line messages of
    /// 20 to 300 characters, mostly in the language's script, without placeables or markup.</summary>
    private static List<string> Sentences(string packageRoot, Language language)
    {
        var sentences = new List<string>();
        if (!Directory.Exists(packageRoot) || Directory.EnumerateFiles(packageRoot, "*.xpi", SearchOption.AllDirectories).FirstOrDefault() is not { } xpi)
        {
            return sentences;
        }

        using var zip = ZipFile.OpenRead(xpi);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".ftl", StringComparison.Ordinal)).OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            while (reader.ReadLine() is { } line && sentences.Count < SentencesPerLanguage)
            {
                int equals = line.IndexOf(" = ", StringComparison.Ordinal);
                if (equals <= 0 || !char.IsLetter(line[0]))
                {
                    continue;
                }

                string value = line[(equals + 3)..].Trim();
                if (value.Length is >= 20 and <= 300 && value.IndexOfAny(['{', '}', '<', '>', '&', '%', '$', '"', '\\']) < 0
                    && InScript(value, language) && seen.Add(value))
                {
                    sentences.Add(value);
                }
            }
        }

        return sentences;
    }

    private static bool InScript(string value, Language language)
    {
        int letters = 0, inScript = 0;
        foreach (char c in value)
        {
            if (char.IsLetter(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)
            {
                letters++;
                inScript += language.Letters.Any(r => c >= r.First && c <= r.Last) ? 1 : 0;
            }
        }

        return letters > 0 && inScript * 10 >= letters * 9;
    }

    private static string Html(Language language, string font, List<string> sentences)
    {
        var html = new StringBuilder();
        html.Append($"<!doctype html><html lang=\"{language.Code}\" dir=\"{(language.RightToLeft ? "rtl" : "ltr")}\"><head><meta charset=\"utf-8\"><style>")
            .Append($"@font-face {{ font-family: Sample; src: url('{new Uri(font).AbsoluteUri}'); }} ")
            .Append("body { font-family: Sample; font-size: 12pt; margin: 2cm; } p { margin: 0 0 8pt; }</style></head><body>\n");
        foreach (var sentence in sentences)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(sentence)).Append("</p>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }
}
