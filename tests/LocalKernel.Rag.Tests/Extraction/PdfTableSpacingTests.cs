using System.Globalization;
using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>
/// Wide gaps that are not table gutters, as measured on real files: runs of spaces in a monospaced code listing
/// (Doxygen's numbered sources through Ghostscript read "00121 | // Note: | at this level") and the leader dots of a
/// table of contents ("plist | . . . . | 154"). Real tables keep their cells (<see cref="PdfExtractorTests"/>).
/// </summary>
public class PdfTableSpacingTests
{
    private static readonly PdfExtractor Extractor = new();

    [Fact]
    public async Task A_monospaced_listing_aligned_with_runs_of_spaces_reads_as_lines_not_a_table()
    {
        // Courier at 10 pt: every glyph 6 pt wide; segments start on whole columns, two or three columns apart.
        static double Column(int n) => 72 + (6 * n);
        var content = Lines(10, [[(Column(0), "00121"), (Column(7), "// Note:"), (Column(18), "at this level")], [(Column(0), "00122"), (Column(7), "// step 1:"), (Column(20), "the case")]]);

        var document = await ReadAsync("Courier", content);

        Assert.DoesNotContain(document.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Contains("00121 // Note: at this level", document.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("00122 // step 1: the case", document.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contents_lines_with_leader_dots_read_as_entries_not_a_table()
    {
        // Title, dots and page number drawn apart, as LaTeX's \dotfill and Doxygen's contents are.
        var content = Lines(10, [[(72, "4.3 plist"), (200, ". . . . . . . . . ."), (400, "154")], [(72, "4.4 Reference"), (200, ". . . . . . . . . ."), (400, "160")]]);

        var document = await ReadAsync("Helvetica", content);

        Assert.DoesNotContain(document.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Contains("4.3 plist . . . . . . . . . . 154", document.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_line_of_a_hundred_thousand_dotted_fragments_is_joined_in_one_pass()
    {
        // Hostile input for the leader rule: every fragment is a leader, so the whole line becomes one entry.
        var content = new StringBuilder("BT /F1 10 Tf 72 720 Td ");
        for (int i = 0; i < 100_000; i++)
        {
            content.Append("20 0 Td (...) Tj ");
        }

        var document = await ReadAsync("Helvetica", content.Append("ET").ToString());

        Assert.Equal(300_000, document.ToPlainText().Count(c => c == '.'));
    }

    /// <summary>Lines 14 pt apart from the top, each a list of segments drawn where they start.</summary>
    private static string Lines(double size, (double X, string Text)[][] lines)
    {
        var content = new StringBuilder().Append(CultureInfo.InvariantCulture, $"BT /F1 {size} Tf\n");
        for (int i = 0; i < lines.Length; i++)
        {
            foreach (var (x, text) in lines[i])
            {
                content.Append(CultureInfo.InvariantCulture, $"1 0 0 1 {x:F2} {720 - (14 * i)} Tm ({text.Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)}) Tj\n");
            }
        }

        return content.Append("ET").ToString();
    }

    private static async Task<ExtractedDocument> ReadAsync(string font, string content)
    {
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int fontObject = pdf.Add($"<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>");
        int stream = pdf.Add(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(content)));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {stream} 0 R /Resources << /Font << /F1 {fontObject} 0 R >> >> >>");
        return await Extractor.ExtractAsync(new MemoryStream(pdf.ToArray()), ExtractionOptions.Default);
    }
}
