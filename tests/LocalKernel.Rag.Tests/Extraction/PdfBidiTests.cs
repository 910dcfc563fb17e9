using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>Right-to-left text: a PDF draws it in visual order, the reader gives it back in logical order (the
/// XeTeX bidi and arabxetex samples of the pdf bench read every Arabic word backwards before).</summary>
public class PdfBidiTests
{
    private static readonly PdfExtractor Extractor = new();

    [Fact]
    public async Task Hebrew_drawn_in_visual_order_is_read_in_logical_order_with_its_number_left_to_right()
    {
        // Codes a-e show Hebrew letters (ToUnicode): a=shin b=lamed c=vav d=final mem e=ayin. "שלום 12 עולם" is seen,
        // left to right, as "dbce 12 dcba"; an English line quotes "שלום", seen as "dcba".
        var cmap = """
            /CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Hebrew def
            1 begincodespacerange <00> <FF> endcodespacerange
            8 beginbfchar <61> <05E9> <62> <05DC> <63> <05D5> <64> <05DD> <65> <05E2> <20> <0020> <31> <0031> <32> <0032> endbfchar
            endcmap CMapName currentdict /CMap defineresource pop end end
            """;
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int toUnicode = pdf.Add(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(cmap)));
        int hebrew = pdf.Add($"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode {toUnicode} 0 R >>");
        int latin = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int content = pdf.Add(TestPdfWriter.Stream(string.Empty,
            "BT /H 12 Tf 72 720 Td (dbce 12 dcba) Tj ET BT /F1 12 Tf 72 690 Td (see ) Tj /H 12 Tf (dcba) Tj /F1 12 Tf ( now) Tj ET"u8.ToArray()));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /H {hebrew} 0 R /F1 {latin} 0 R >> >> >>");

        var text = (await Extractor.ExtractAsync(new MemoryStream(pdf.ToArray()), ExtractionOptions.Default)).ToPlainText();

        Assert.Contains("\u05E9\u05DC\u05D5\u05DD 12 \u05E2\u05D5\u05DC\u05DD", text, StringComparison.Ordinal);
        Assert.Contains("see \u05E9\u05DC\u05D5\u05DD now", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u05DD\u05D5\u05DC\u05E9 1.5 \u05D4\u05D1", "\u05D1\u05D4 1.5 \u05E9\u05DC\u05D5\u05DD", true)]          // a decimal stays one number
    [InlineData("(\u05D1\u05D4)", "(\u05D4\u05D1)", true)]                                                                 // brackets drawn mirrored
    [InlineData("x \u05D1\u05D4 y", "x \u05D4\u05D1 y", false)]                                                           // a Hebrew word in English
    [InlineData("\u0662\u0661 \u0628\u0627", "\u0627\u0628 \u0662\u0661", true)]                                          // Arabic digits read left to right
    [InlineData("plain text, 12%", "plain text, 12%", false)]
    public void A_visual_line_comes_back_in_logical_order(string visual, string logical, bool rightToLeft)
    {
        var cells = visual.Select(c => c.ToString()).ToList();

        Assert.Equal(logical, PdfBidi.ToLogical(cells, out bool isRightToLeft));
        Assert.Equal(rightToLeft, isRightToLeft);
    }
}
