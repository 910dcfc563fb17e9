using System.Diagnostics;
using System.Text;
using LocalKernel.Rag;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace LocalKernel.Bench;

/// <summary>
/// The child process that runs one extraction at a time for the <c>pdf</c> benchmark, so that a stack overflow, a hang
/// or runaway memory in a reader is counted instead of ending the benchmark. Reads "engine TAB input TAB output" lines
/// on stdin; writes the text to the output file and answers "outcome TAB milliseconds TAB pages TAB detail", where the
/// outcome is <c>text</c>, <c>typed</c> (the reader's documented error type) or <c>untyped</c>.
/// </summary>
internal static class PdfBenchWorker
{
    public static int Run(BenchArguments arguments)
    {
        string? line;
        while ((line = Console.In.ReadLine()) is not null)
        {
            var parts = line.Split('\t');
            var stopwatch = Stopwatch.StartNew();
            string answer;
            try
            {
                var bytes = File.ReadAllBytes(parts[1]);
                var (text, pages, detail) = parts[0] switch { "pdfpig" => PdfPig(bytes), "pig-letters" => PdfPigLettersInOurLayout(bytes), _ => Ours(bytes) };
                File.WriteAllText(parts[2], text);
                answer = $"text\t{stopwatch.ElapsedMilliseconds}\t{pages}\t{detail}";
            }
            catch (Exception ex) when (ex is DocumentExtractionException or PdfDocumentFormatException)
            {
                File.WriteAllText(parts[2], string.Empty);
                answer = $"typed\t{stopwatch.ElapsedMilliseconds}\t0\t{OneLine(ex)}";
            }
            catch (Exception ex)
            {
                File.WriteAllText(parts[2], string.Empty);
                answer = $"untyped\t{stopwatch.ElapsedMilliseconds}\t0\t{OneLine(ex)}";
            }

            GC.Collect();
            Console.Out.WriteLine(answer);
            Console.Out.Flush();
        }

        return 0;
    }

    private static string OneLine(Exception ex) => $"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" ").Replace('\t', ' ');

    private static (string Text, int Pages, string Detail) Ours(byte[] bytes)
    {
        var document = new PdfExtractor().ExtractAsync(new MemoryStream(bytes), ExtractionOptions.Default).GetAwaiter().GetResult();
        var text = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            text.Append(block.Text).Append("\n\n");
        }

        int pages = document.Blocks.Count == 0 ? 0 : document.Blocks.Max(b => b.Page ?? 0);
        return (text.ToString(), document.PageCount ?? pages, string.Join(" ", DocumentWarnings(document)).ReplaceLineEndings(" "));
    }

    private static IEnumerable<string> DocumentWarnings(ExtractedDocument document) =>
        document.GetType().GetProperty("Warnings")?.GetValue(document) as IEnumerable<string> ?? [];

    private static (string Text, int Pages, string Detail) PdfPig(byte[] bytes)
    {
        // Content order is PdfPig's recommended extractor for running text.
        using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true });
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            text.Append(ContentOrderTextExtractor.GetText(page)).Append("\n\n");
        }

        return (text.ToString(), document.NumberOfPages, string.Empty);
    }

    /// <summary>The combination the issue measured best: PdfPig reads the glyphs (fonts, encodings, positions), our
    /// layout orders them into lines, columns and paragraphs. Shows how much of our reader's figure is its own glyph
    /// reading, in the same run on the same files.</summary>
    private static (string Text, int Pages, string Detail) PdfPigLettersInOurLayout(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true });
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            var glyphs = page.Letters.Select(ToGlyph).ToList();
            foreach (var block in PdfTextLayout.Layout(glyphs))
            {
                text.Append(block.Text).Append("\n\n");
            }
        }

        return (text.ToString(), document.NumberOfPages, string.Empty);
    }

    private static PdfGlyph ToGlyph(UglyToad.PdfPig.Content.Letter letter)
    {
        double dx = letter.EndBaseLine.X - letter.StartBaseLine.X, dy = letter.EndBaseLine.Y - letter.StartBaseLine.Y;
        double length = Math.Sqrt((dx * dx) + (dy * dy));
        (double X, double Y) direction = length > 1e-9 ? (dx / length, dy / length) : letter.TextOrientation switch
        {
            UglyToad.PdfPig.Content.TextOrientation.Rotate90 => (0, 1),
            UglyToad.PdfPig.Content.TextOrientation.Rotate180 => (-1, 0),
            UglyToad.PdfPig.Content.TextOrientation.Rotate270 => (0, -1),
            _ => (1, 0),
        };
        return new PdfGlyph(letter.Value, letter.StartBaseLine.X, letter.StartBaseLine.Y, letter.EndBaseLine.X, letter.EndBaseLine.Y,
            letter.PointSize, direction.X, direction.Y, letter.FontDetails?.IsBold ?? false);
    }
}
