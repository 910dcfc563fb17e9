using System.Globalization;
using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>Gaps measured on real files, each reproduced in a minimal PDF: standard fonts without /Widths, Type 3 fonts
/// with numeric glyph names, lines whose baselines nearly coincide.</summary>
public class PdfFontAndLineTests
{
    private static readonly PdfExtractor Extractor = new();

    [Fact]
    public async Task A_standard_font_without_widths_keeps_words_whole_when_every_glyph_is_placed()
    {
        // Apache FOP places glyphs with Helvetica's real widths and writes no /Widths; a guessed width splits words.
        var helvetica = new Dictionary<char, int> { ['S'] = 667, ['u'] = 556, ['m'] = 833, ['i'] = 222, ['t'] = 278, [' '] = 278, ['l'] = 222, ['e'] = 556, ['v'] = 500 };
        var content = new StringBuilder("BT /F1 12 Tf\n");
        double x = 72;
        foreach (char c in "Summit level")
        {
            content.Append(CultureInfo.InvariantCulture, $"1 0 0 1 {x:F3} 720 Tm ({c}) Tj\n");
            x += helvetica[c] * 12 / 1000.0;
        }

        content.Append("ET");
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(content.ToString()))).ToArray();

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Equal("Summit level", document.ToPlainText());
    }

    [Theory]
    [InlineData("72 /a72 101 /a101 108 /a108 /a109 111 /a111 40 /a40 41 /a41 59 /a59", "(Hello\\(\\);)", "Hello();")] // dvips, pdfTeX: "a72" is code 72
    [InlineData("35 /#2323 91 /#235B 93 /#235D 102 /f 12 /#230C", "(#[\\014]f)", "#[fi]f")]                   // Distiller 3: "#5B" is code 0x5B
    public async Task A_Type3_font_with_numeric_glyph_names_reads_them_as_character_codes(string differences, string shown, string expected)
    {
        // Bitmap fonts through dvips/pdfTeX name glyphs by their code; GAP's manuals and graphviz's lefty guide set their
        // code examples so.
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        string widths = string.Join(' ', Enumerable.Repeat("600", 126 - 10 + 1));
        int font = pdf.Add("<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << >> "
            + $"/Encoding << /Type /Encoding /Differences [{differences}] >> /FirstChar 10 /LastChar 126 /Widths [{widths}] >>");
        int content = pdf.Add(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes($"BT /T3 10 Tf 72 720 Td {shown} Tj ET")));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /T3 {font} 0 R >> >> >>");

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf.ToArray()), ExtractionOptions.Default);

        Assert.Equal(expected, document.ToPlainText());
    }

    [Fact]
    public async Task Two_lines_with_nearly_the_same_baseline_stay_two_lines_instead_of_interleaving()
    {
        // An OCR text layer: the second line's baseline is 3 pt below the first, within the same-line tolerance.
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty,
            "BT /F1 12 Tf 72 720 Td (first line of text) Tj ET BT /F1 12 Tf 72 717 Td (other row here now) Tj ET"u8.ToArray())).ToArray();

        var text = (await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default)).ToPlainText();

        Assert.Contains("first line of text", text, StringComparison.Ordinal);
        Assert.Contains("other row here now", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_drawn_in_pieces_out_of_order_is_read_left_to_right()
    {
        // "hello" ends at 72 + 12 * 2.112 = 97.3 pt; a space (3.3 pt) later comes "world", drawn first.
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty,
            "BT /F1 12 Tf 100.7 720 Td (world) Tj ET BT /F1 12 Tf 72 720 Td (hello) Tj ET"u8.ToArray())).ToArray();

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Equal("hello world", document.ToPlainText());
    }

    [Theory]
    [InlineData("BT /F1 12 Tf 72 720 Td (X) Tj ET q -1 0 0 1 176 0 cm BT /F1 12 Tf 88 717 Td (E) Tj ET Q BT /F1 12 Tf 88 720 Td (Search) Tj ET", "XESearch")]
    [InlineData("1 0 0 -1 0 792 cm BT /F1 12 Tf 72 72 Td (hello world) Tj ET", "hello world")] // y flipped (dvips' Type 3 pages): not mirrored
    public async Task A_mirrored_glyph_reads_in_its_place_in_the_line(string content, string expected)
    {
        // The XeTeX logo as xesearch.pdf draws it: "X", then "E" reflected (cm -1 0 0 1) and lowered, then "Search".
        // Helvetica's X and E are 8 pt wide at 12 pt: the reflected E spans 80-88 from its origin at 88.
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(content))).ToArray();

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Equal(expected, document.ToPlainText());
    }

    [Theory]
    [InlineData("BT /F1 6 Tf 1 0 0 1 72 723 Tm (1) Tj /F1 8 Tf 1 0 0 1 75.8 720 Tm (Footnote text) Tj ET", "1 Footnote text")] // a note starts
    [InlineData("BT /F1 8 Tf 1 0 0 1 72 720 Tm (word) Tj /F1 6 Tf 1 0 0 1 89.4 723 Tm (1) Tj ET", "word1")]                 // a mark after a word stays
    public async Task A_raised_note_mark_before_a_note_is_a_word_of_its_own(string content, string expected)
    {
        // xetexko's footnotes read "1프리앰블의": the 6 pt mark sits 3 pt up, half a point before the 8 pt text.
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(content))).ToArray();

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Equal(expected, document.ToPlainText());
    }

    [Theory]
    [InlineData("BT /F1 12 Tf 3 Tc 72 720 Td (spaced out) Tj ET", "spaced out")]                    // letter-spacing: words stay whole
    [InlineData("BT /F1 12 Tf -0.5 Tc 72 720 Td (tight text) Tj ET", "tight text")]                  // tight tracking: unchanged
    [InlineData("BT /F1 10 Tf 72 720 Td (it) Tj 2.736 Tc 10 0 Td [(\\)i) 273.6 (sag)] TJ 0 Tc 29.9 0 Td (raph) Tj ET", "it ) is a graph")] // Ghostscript: Tc is the word space
    public async Task Character_spacing_is_part_of_the_glyph_only_in_strings_with_their_own_spaces(string content, string expected)
    {
        // Prawn and ReportLab letter-space text with Tc 2-3 pt at 10-12 pt (0.25 em, over the 0.15 em word gap) and it
        // read "w h a t"; Ghostscript sets justified groff text with Tc as the gap between one-letter words.
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(content))).ToArray();

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Equal(expected, document.ToPlainText());
    }
}
