using System.Globalization;
using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>The PDF extractor on real files made by Chromium, groff/Ghostscript, LibreOffice and pdfLaTeX
/// (Fixtures/make-pdf-fixtures.sh), measured against Poppler's pdftotext.</summary>
public class PdfExtractorTests(ITestOutputHelper output)
{
    private const double MinRecall = 0.98;

    private static readonly PdfExtractor Extractor = new();

    [Fact]
    public async Task Word_recall_against_pdftotext_is_at_least_98_percent_for_every_fixture()
    {
        var table = new StringBuilder();
        table.AppendLine("| fixture | pages | pdftotext words | our words | recall | precision |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        var failures = new List<string>();
        foreach (var path in TestFiles.PdfFixtures())
        {
            var reference = Words.Bag(Pdftotext.Extract(path));
            var document = await ExtractAsync(path);
            var ours = Words.Bag(document.ToPlainText());
            double recall = Words.Recall(ours, reference);
            double precision = Words.Recall(reference, ours);
            string name = Path.GetFileName(path);
            table.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {document.PageCount} | {reference.Values.Sum()} | {ours.Values.Sum()} | {recall:P1} | {precision:P1} |");
            if (recall < MinRecall)
            {
                failures.Add($"{name}: recall {recall:P1}; missing {string.Join(", ", Words.Missing(ours, reference).Take(20))}");
            }
        }

        output.WriteLine(table.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + table);
        Assert.True(TestFiles.PdfFixtures().Count() >= 6, "the fixtures are missing: run Fixtures/make-pdf-fixtures.sh");
    }

    [Fact]
    public async Task Headings_come_from_larger_fonts_and_give_every_block_its_breadcrumb()
    {
        var document = await ExtractAsync(TestFiles.Fixture("pdf/chromium-simple.pdf"));

        Assert.Equal("Quarterly maintenance notes", document.Title);
        Assert.Equal(1, document.PageCount);
        var headings = document.Blocks.Where(b => b.Kind == BlockKind.Heading).ToList();
        Assert.Equal(["Quarterly maintenance notes", "Open issues"], headings.Select(h => h.Text));
        Assert.Equal([1, 2], headings.Select(h => h.HeadingLevel!.Value));
        var generator = Assert.Single(document.Blocks, b => b.Text.StartsWith("The backup generator", StringComparison.Ordinal));
        Assert.Equal(["Quarterly maintenance notes", "Open issues"], generator.HeadingPath);
        Assert.All(document.Blocks, b => Assert.Equal(1, b.Page));
    }

    [Fact]
    public async Task Every_block_of_a_multi_page_document_carries_its_page()
    {
        var document = await ExtractAsync(TestFiles.Fixture("pdf/groff-report.pdf"));

        Assert.Equal(3, document.PageCount);
        Assert.Equal([1, 2, 3], document.Blocks.Select(b => b.Page!.Value).Distinct().Order());
        Assert.Contains(document.Blocks, b => b.Page == 3 && b.Text.StartsWith("Paragraph 12 describes", StringComparison.Ordinal));
        Assert.Contains(document.Blocks, b => b.Page == 1 && b.Kind == BlockKind.Heading && b.Text == "1. Introduction");
    }

    [Fact]
    public async Task Ligatures_hyphenation_and_accents_of_a_Type1_font_without_ToUnicode_read_as_words()
    {
        var text = (await ExtractAsync(TestFiles.Fixture("pdf/groff-report.pdf"))).ToPlainText();

        Assert.Contains("The filters were backwashed", text, StringComparison.Ordinal); // "ﬁ" glyph, /Differences
        Assert.Contains("It covers water quality", text, StringComparison.Ordinal);     // "wa-" + "ter" across lines
        Assert.Contains("Café visitors and the résumé of the naïve apprentice", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_ToUnicode_the_built_in_encoding_of_an_embedded_Type1_font_gives_the_ligatures()
    {
        var text = (await ExtractAsync(TestFiles.Fixture("pdf/latex-builtin-encoding.pdf"))).ToPlainText();

        Assert.Contains("The eastern well field supplies", text, StringComparison.Ordinal);
        Assert.Contains("is fitted with a pressure transducer", text, StringComparison.Ordinal);
        Assert.Contains("every fifteen minutes", text, StringComparison.Ordinal);
        Assert.Contains("Efficient filtering", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_become_table_blocks_with_the_header_row_first()
    {
        var chromium = await ExtractAsync(TestFiles.Fixture("pdf/chromium-table.pdf"));
        var table = Assert.Single(chromium.Blocks, b => b.Kind == BlockKind.Table);
        var rows = table.Text.Split('\n');
        Assert.Equal("Sensor | Location | Calibrated | Status", rows[0]);
        Assert.Contains("Flow meter F7 | Main pipe | 2023-11-19 | drifting", rows);

        var groff = await ExtractAsync(TestFiles.Fixture("pdf/groff-report.pdf"));
        var summary = Assert.Single(groff.Blocks, b => b.Kind == BlockKind.Table);
        Assert.StartsWith("Quantity | Unit | Value\nWater delivered | cubic metres | 1250000", summary.Text, StringComparison.Ordinal);
        Assert.Equal(["Annual Report of the Waterworks", "14. Summary table"], summary.HeadingPath);
    }

    [Fact]
    public async Task Two_columns_are_read_column_by_column()
    {
        var newsletter = await ExtractAsync(TestFiles.Fixture("pdf/chromium-two-columns.pdf"));
        Assert.Contains(newsletter.Blocks, b => b.Text == "Our apprentice Marta finished her certification in electrical safety. "
            + "She now leads the weekly inspection of the switchgear and has already found two loose terminals.");

        var article = await ExtractAsync(TestFiles.Fixture("pdf/latex-two-columns.pdf"));
        var headings = article.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.Text).ToList();
        Assert.Equal(["1 Background", "2 Method", "2.1 Quality control", "3 Results", "4 Conclusions"], headings.Where(h => char.IsDigit(h[0])));
        Assert.Contains(article.Blocks, b => b.Text.StartsWith("Pumping from the eastern field can continue at the present rate, but the production should be shifted towards", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Non_Latin_text_of_CID_fonts_is_decoded_through_ToUnicode()
    {
        var text = (await ExtractAsync(TestFiles.Fixture("pdf/chromium-multilingual.pdf"))).ToPlainText();

        Assert.Contains("Die Straße führt über die Brücke nach Köln", text, StringComparison.Ordinal);
        Assert.Contains("Η γλώσσα είναι όμορφη και η θάλασσα είναι γαλάζια.", text, StringComparison.Ordinal);
        Assert.Contains("Привет мир, это простой текст для проверки извлечения.", text, StringComparison.Ordinal);
        Assert.Contains("10 € per litre, “quoted” text — and an em dash", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bullets_become_list_items()
    {
        var document = await ExtractAsync(TestFiles.Fixture("pdf/libreoffice-procurement.pdf"));

        var items = document.Blocks.Where(b => b.Kind == BlockKind.ListItem).Select(b => b.Text).ToList();
        Assert.Equal(
            ["Prefer suppliers with a valid ISO 9001 certificate.", "Check delivery times before ordering spare parts.", "Keep the Zürich and Kraków distributors on the approved list."],
            items);
        Assert.All(document.Blocks.Where(b => b.Kind == BlockKind.ListItem), b => Assert.Equal(["Procurement guideline", "Suppliers"], b.HeadingPath));
    }

    [Fact]
    public async Task A_pdf_whose_cross_reference_offsets_are_wrong_is_rebuilt_by_scanning()
    {
        var bytes = File.ReadAllBytes(TestFiles.Fixture("pdf/chromium-simple.pdf"));
        int startxref = bytes.AsSpan().LastIndexOf("startxref"u8);
        var damaged = bytes[..startxref].Concat(Encoding.ASCII.GetBytes("startxref\n123\n%%EOF\n")).ToArray();

        var document = await Extractor.ExtractAsync(new MemoryStream(damaged), ExtractionOptions.Default);

        Assert.Contains("The pumping station on the northern river bank", document.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_XObject_is_read_with_its_matrix_and_a_form_that_draws_itself_does_not_hang()
    {
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve(), form = pdf.Reserve();
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        int content = pdf.Add(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes("BT /F1 12 Tf 72 720 Td (Page text) Tj ET q 1 0 0 1 0 -100 cm /Fm0 Do Q")));
        pdf.SetStream(form, $"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 0 -20] /Resources << /Font << /F1 {font} 0 R >> /XObject << /Fm0 {form} 0 R >> >>",
            Encoding.ASCII.GetBytes("BT /F1 12 Tf 72 720 Td (Form text) Tj ET /Fm0 Do"));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /F1 {font} 0 R >> /XObject << /Fm0 {form} 0 R >> >> >>");

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf.ToArray()), ExtractionOptions.Default);

        Assert.Equal("Page text\n\nForm text", document.ToPlainText());
    }

    [Fact]
    public async Task Text_overprinted_for_fake_bold_is_read_once_while_the_same_word_elsewhere_is_kept()
    {
        var content = "BT /F1 12 Tf 72 720 Td (Warning) Tj ET BT /F1 12 Tf 72.3 720.2 Td (Warning) Tj ET "
            + "BT /F1 20 Tf 72 700 Td (Warning) Tj ET BT /F1 12 Tf 72 600 Td (Warning again) Tj ET";
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(content))).ToArray();

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Equal(3, Words.Bag(document.ToPlainText())["warning"]); // once overprinted, once large, once in "Warning again"
    }

    [Theory]
    [InlineData("owner-protected-rc4-40.pdf", "groff-report.pdf")]
    [InlineData("owner-protected-rc4-128.pdf", "libreoffice-procurement.pdf")]
    [InlineData("owner-protected-aes-128.pdf", "latex-two-columns.pdf")]
    [InlineData("owner-protected-aes-256.pdf", "chromium-multilingual.pdf")]
    public async Task Files_protected_by_an_owner_password_only_are_read_like_their_source(string protectedFile, string source)
    {
        var decrypted = await ExtractAsync(TestFiles.Fixture("pdf/" + protectedFile));
        var plain = await ExtractAsync(TestFiles.Fixture("pdf/" + source));

        Assert.Equal(plain.ToPlainText(), decrypted.ToPlainText());
        Assert.Equal(plain.Blocks.Select(b => (b.Kind, b.Page)), decrypted.Blocks.Select(b => (b.Kind, b.Page)));
    }

    [Fact]
    public void Strings_of_an_encrypted_file_are_decrypted_too()
    {
        var file = PdfFile.Open(File.ReadAllBytes(TestFiles.Fixture("pdf/owner-protected-aes-256.pdf")), 1 << 20);
        var info = file.ResolveDictionary(file.Trailer.Get("Info"));

        Assert.Equal("Multilingual glossary", (file.Resolve(info?.Get("Title")) as PdfString)?.ToText());
    }

    private static async Task<ExtractedDocument> ExtractAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return await Extractor.ExtractAsync(stream, ExtractionOptions.Default);
    }
}
