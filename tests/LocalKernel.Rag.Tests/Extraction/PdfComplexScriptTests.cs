using System.Globalization;
using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>Complex scripts: LibreOffice's Myanmar sample (Padauk-typesample in the pdf bench) draws shaped clusters
/// in visual order inside ActualText spans, whose text is what the glyphs mean; XeTeX draws pre-base vowel signs left
/// of their consonant with no such span (texlive's itrans-tamil-sample); XeTeX's Persian joins words with a space glyph
/// it kerns back over.</summary>
public class PdfComplexScriptTests
{
    private static readonly PdfExtractor Extractor = new();

    // Codes of the test font (every glyph 500 units wide): a = U+1031 MYANMAR VOWEL SIGN E, b = U+1000 KA, c = U+1019 MA,
    // d = U+0E01 THAI KO KAI, e = U+0E32 THAI SARA AA, f = U+06A9 KEHEH, g = U+06CC FARSI YEH, h = U+06D2 YEH BARREE;
    // code 1 has no text at all (a glyph only a shaper knows), as in LibreOffice's subset fonts.
    private const string MyanmarCMap = """
        /CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Myanmar def
        1 begincodespacerange <00> <FF> endcodespacerange
        9 beginbfchar <61> <1031> <62> <1000> <63> <1019> <20> <0020> <64> <0E01> <65> <0E32> <66> <06A9> <67> <06CC> <68> <06D2> endbfchar
        endcmap CMapName currentdict /CMap defineresource pop end end
        """;

    [Fact]
    public async Task Glyphs_of_an_actual_text_span_read_as_its_text_in_logical_order()
    {
        // "ကေ မ" (ka + vowel sign e, space, ma) as LibreOffice writes it: the vowel sign's glyph is drawn first, left of
        // the consonant, inside /Span <</ActualText (ကေ)>>; a glyph without text closes the cluster.
        var text = await ExtractAsync(
            "BT /M 12 Tf /Span <</ActualText <FEFF10001031>>> BDC 1 0 0 1 72 720 Tm (a) Tj 1 0 0 1 78 720 Tm (b\\001) Tj EMC "
            + "1 0 0 1 94 720 Tm (c) Tj ET",
            properties: string.Empty);

        Assert.Equal("\u1000\u1031 \u1019", text);
    }

    [Fact]
    public async Task An_actual_text_span_whose_last_glyph_has_no_advance_ends_where_its_base_glyph_ends()
    {
        // Chromium's Khmer "ស្ថា" in a composite font with /DW 0: the base glyph with its advance, then the subscript and
        // vowel as one glyph without an advance, placed by the producer; the next cluster starts where the base ends.
        // Taken from the last glyph, the span ended 5 pt early and the word read "ស្ថា ប".
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int toUnicode = pdf.Add(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes("""
            /CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Khmer def
            1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0003> <1794> endbfchar
            endcmap CMapName currentdict /CMap defineresource pop end end
            """)));
        int descendant = pdf.Add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Khmer /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 0 /W [1 [500] 3 [500]] >>");
        int font = pdf.Add($"<< /Type /Font /Subtype /Type0 /BaseFont /Khmer /Encoding /Identity-H /DescendantFonts [{descendant} 0 R] /ToUnicode {toUnicode} 0 R >>");
        int stream = pdf.Add(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(
            "BT /K 12 Tf /Span <</ActualText <FEFF179F17D2179017B6>>> BDC 1 0 0 1 72 720 Tm <0001> Tj 1 0 0 1 73 720 Tm <0002> Tj EMC "
            + "1 0 0 1 78 720 Tm <0003> Tj ET")));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {stream} 0 R /Resources << /Font << /K {font} 0 R >> >> >>");

        var text = (await Extractor.ExtractAsync(new MemoryStream(pdf.ToArray()), ExtractionOptions.Default)).ToPlainText();

        Assert.Equal("\u179F\u17D2\u1790\u17B6\u1794", text);
    }

    [Theory]
    [InlineData("de", "ee", "\u0E01\u0E32\u0E32\u0E32")] // Thai wraps inside a word: the lines join without a space
    [InlineData("bc", "cb", "\u1000\u1019 \u1019\u1000")] // Burmese puts spaces between phrases and breaks there
    public async Task Lines_of_a_script_written_without_spaces_join_without_one(string first, string second, string expected)
    {
        var text = await ExtractAsync($"BT /M 12 Tf 1 0 0 1 72 720 Tm ({first}) Tj 1 0 0 1 72 706 Tm ({second}) Tj ET", properties: string.Empty);

        Assert.Equal(expected, text);
    }

    [Fact]
    public async Task Evenly_spaced_Thai_sentences_stay_apart_though_their_spacing_is_the_usual_one()
    {
        // Firefox's Thai strings printed by Chromium: one-line paragraphs 22 pt apart and a wrapped one whose lines are
        // 14 pt apart. The paragraph pitch is the most common one, so no break was seen, and every sentence was glued to
        // the next without a space.
        double[] baselines = [720, 698, 676, 662, 648, 626, 604];
        string[] lines = ["de", "de", "dd", "ee", "dd", "de", "de"];
        var content = new StringBuilder("BT /M 12 Tf ");
        for (int i = 0; i < lines.Length; i++)
        {
            content.Append(CultureInfo.InvariantCulture, $"1 0 0 1 72 {baselines[i]} Tm ({lines[i]}) Tj ");
        }

        var text = await ExtractAsync(content.Append("ET").ToString(), properties: string.Empty);

        string sentence = "\u0E01\u0E32", wrapped = "\u0E01\u0E01\u0E32\u0E32\u0E01\u0E01";
        Assert.Equal(string.Join("\n\n", sentence, sentence, wrapped, sentence, sentence), text);
    }

    [Fact]
    public async Task Letters_of_a_Nastaliq_word_stepping_up_along_it_stay_one_word()
    {
        // Urdu "کیے" as Chromium draws Noto Nastaliq: left to right in visual order, each letter touching the last and
        // set 5 pt (0.4 em) higher; read letter by letter as lines of their own before.
        var text = await ExtractAsync("BT /M 12 Tf 1 0 0 1 72 720 Tm (h) Tj 1 0 0 1 78 725 Tm (g) Tj 1 0 0 1 84 730 Tm (f) Tj ET", properties: string.Empty);

        Assert.Equal("\u06A9\u06CC\u06D2", text);
    }

    [Fact]
    public async Task An_actual_text_span_named_in_the_resources_is_read_too()
    {
        var text = await ExtractAsync(
            "BT /M 12 Tf /Span /MC0 BDC 1 0 0 1 72 720 Tm (ab) Tj EMC ET",
            properties: "/Properties << /MC0 << /ActualText <FEFF10001031> >> >>");

        Assert.Equal("\u1000\u1031", text);
    }

    [Fact]
    public async Task Marked_content_without_actual_text_and_unbalanced_operators_change_nothing()
    {
        var text = await ExtractAsync(
            "EMC BT /M 12 Tf /P <</MCID 0>> BDC /Artifact BMC 1 0 0 1 72 720 Tm (b) Tj EMC EMC EMC 1 0 0 1 84 720 Tm (c) Tj ET",
            properties: string.Empty);

        Assert.Equal("\u1000 \u1019", text);
    }

    [Fact]
    public async Task A_vowel_sign_drawn_left_of_its_consonant_without_actual_text_is_read_after_it()
    {
        // XeTeX through xdvipdfmx: the glyphs of "ကေ မ" in drawn order, each with its own ToUnicode entry.
        var text = await ExtractAsync("BT /M 12 Tf 1 0 0 1 72 720 Tm (a) Tj 1 0 0 1 78 720 Tm (b) Tj 1 0 0 1 94 720 Tm (c) Tj ET", properties: string.Empty);

        Assert.Equal("\u1000\u1031 \u1019", text);
    }

    [Theory]
    [InlineData("\u0BC6|\u0B95", "0 5", "\u0B95\u0BC6")]                                         // Tamil கெ drawn ெக
    [InlineData("\u093F|\u0938|\u094D|\u0925", "0 4 8 9", "\u0938\u094D\u0925\u093F")]        // Devanagari स्थि: the sign follows the conjunct
    [InlineData("\u1031|\u103C|\u1000|\u103D", "0 2 4 6", "\u1000\u103C\u103D\u1031")]        // Myanmar ကြွေ: medial ra, wa, then e
    [InlineData("\u0B95|\u0BC6|\u0B95", "5 0 10", "\u0B95\u0BC6\u0B95")]                       // drawn back over its consonant: in text order already
    [InlineData("\u0BC6| |\u0B95", "0 NaN 9", "\u0BC6 \u0B95")]                                  // a sign alone before a space stays
    [InlineData("\u0BC6|x", "0 5", "\u0BC6x")]                                                     // no consonant of its script after it
    public void A_pre_base_vowel_sign_follows_its_consonant_in_text_order(string drawn, string starts, string expected)
    {
        var cells = drawn.Split('|').ToList();
        var x = starts.Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        PdfPreBaseVowels.Reorder(cells, x);

        Assert.Equal(expected, string.Concat(cells));
    }

    [Theory]
    [InlineData("[(ab ) 250 (cd)] TJ", "abcd")]  // the space's 278 units taken back to 28: a joiner, not a word gap
    [InlineData("[(ab ) 100 (cd)] TJ", "ab cd")] // 178 units still apart: a space
    [InlineData("(ab cd) Tj", "ab cd")]
    public async Task A_space_glyph_the_next_glyph_is_kerned_back_over_is_no_space(string show, string expected)
    {
        // XeTeX sets the Persian zero-width non-joiner of "لیست‌ها" as a space glyph and a kern that takes it back
        // (bidipresentation's sample.pdf, 10 words split in two); Helvetica's space is 278 units wide.
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes($"BT /F1 12 Tf 72 720 Td {show} ET"))).ToArray();

        var text = (await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default)).ToPlainText();

        Assert.Equal(expected, text);
    }

    [Fact(Timeout = 120_000)]
    public async Task Lines_of_a_hundred_thousand_vowel_signs_or_kerned_back_spaces_are_read_in_one_pass()
    {
        // Hostile lines for the two steps above: each glyph must not make them look at the whole line again.
        var signs = await ExtractAsync($"BT /M 12 Tf 72 720 Td ({string.Concat(Enumerable.Repeat("ab", 100_000))}) Tj ET", properties: string.Empty);
        var flood = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty,
            Encoding.ASCII.GetBytes($"BT /F1 12 Tf -3.336 Tc 72 720 Td (a{new string(' ', 100_000)}x) Tj ET"))).ToArray();
        var spaces = (await Extractor.ExtractAsync(new MemoryStream(flood), ExtractionOptions.Default)).ToPlainText();

        Assert.Equal(string.Concat(Enumerable.Repeat("\u1000\u1031", 100_000)), signs);
        Assert.Equal("ax", spaces);
    }

    private static async Task<string> ExtractAsync(string content, string properties)
    {
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int toUnicode = pdf.Add(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(MyanmarCMap)));
        string widths = string.Join(' ', Enumerable.Repeat("500", 99));
        int font = pdf.Add($"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar 99 /Widths [{widths}] /ToUnicode {toUnicode} 0 R >>");
        int stream = pdf.Add(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(content)));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {stream} 0 R /Resources << /Font << /M {font} 0 R >> {properties} >> >>");
        return (await Extractor.ExtractAsync(new MemoryStream(pdf.ToArray()), ExtractionOptions.Default)).ToPlainText();
    }
}
