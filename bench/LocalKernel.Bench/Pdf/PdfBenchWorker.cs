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
                var (text, pages, detail) = parts[0] == "pdfpig" ? PdfPig(bytes) : Ours(bytes);
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
}
