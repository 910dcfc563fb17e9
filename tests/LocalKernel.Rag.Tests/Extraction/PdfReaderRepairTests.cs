using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>The page limit cuts instead of refusing, and damaged files give back what survived: the pages before a
/// truncation, objects the cross-reference data misplaces, pages whose catalog is gone. Each says so in Warnings.</summary>
public class PdfReaderRepairTests
{
    private static readonly PdfExtractor Extractor = new();

    [Fact]
    public async Task More_pages_than_the_limit_are_cut_there_with_a_warning()
    {
        var bytes = File.ReadAllBytes(TestFiles.Fixture("pdf/groff-report.pdf"));

        var cut = await Extractor.ExtractAsync(new MemoryStream(bytes), new ExtractionOptions { MaxPages = 2 });
        var whole = await Extractor.ExtractAsync(new MemoryStream(bytes), ExtractionOptions.Default);

        Assert.Equal(2, cut.PageCount);
        Assert.Equal([1, 2], cut.Blocks.Select(b => b.Page!.Value).Distinct().Order());
        Assert.Equal(whole.Blocks.Where(b => b.Page <= 2).Select(b => b.Text), cut.Blocks.Select(b => b.Text));
        var warning = Assert.Single(cut.Warnings);
        Assert.Contains("only the first 2 were read", warning, StringComparison.Ordinal);
        Assert.Contains("MaxPages", warning, StringComparison.Ordinal);
        Assert.Empty(whole.Warnings);
    }

    [Fact]
    public async Task A_truncated_pdf_gives_the_pages_before_the_cut_and_says_it_is_truncated()
    {
        var bytes = File.ReadAllBytes(TestFiles.Fixture("pdf/groff-report.pdf"));
        var whole = await Extractor.ExtractAsync(new MemoryStream(bytes), ExtractionOptions.Default);

        var cut = await Extractor.ExtractAsync(new MemoryStream(bytes[..(bytes.Length * 2 / 3)]), ExtractionOptions.Default);

        Assert.Contains(cut.Warnings, w => w.Contains("truncated", StringComparison.Ordinal));
        var firstPage = whole.Blocks.Where(b => b.Page == 1).Select(b => b.Text).ToList();
        Assert.Equal(firstPage, cut.Blocks.Where(b => b.Page == 1).Select(b => b.Text));
    }

    [Fact]
    public async Task A_pdf_cut_before_any_page_is_malformed_and_says_truncated()
    {
        var bytes = File.ReadAllBytes(TestFiles.Fixture("pdf/groff-report.pdf"));

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extractor.ExtractAsync(new MemoryStream(bytes[..200]), ExtractionOptions.Default));

        Assert.Equal(ExtractionFailure.Malformed, error.Reason);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_the_cross_reference_table_misplaces_is_found_by_scanning()
    {
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, "BT /F1 12 Tf 72 720 Td (misplaced but found) Tj ET"u8.ToArray())).ToArray();
        var text = Encoding.Latin1.GetString(pdf);

        // Entry 5 (the content stream) points at the header instead of the object.
        int table = text.IndexOf("xref\n", StringComparison.Ordinal);
        int entry = table + "xref\n0 6\n".Length + (5 * 20);
        Encoding.Latin1.GetBytes("0000000009").CopyTo(pdf, entry);

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Equal("misplaced but found", document.ToPlainText());
    }

    [Fact]
    public async Task Pages_are_found_by_scanning_when_the_catalog_is_lost()
    {
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, "BT /F1 12 Tf 72 720 Td (orphaned page) Tj ET"u8.ToArray())).ToArray();
        var text = Encoding.Latin1.GetString(pdf);
        int catalog = text.IndexOf("<< /Type /Catalog", StringComparison.Ordinal);
        Array.Fill(pdf, (byte)'#', catalog, text.IndexOf(">>", catalog, StringComparison.Ordinal) + 2 - catalog);

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Equal("orphaned page", document.ToPlainText());
        Assert.Contains(document.Warnings, w => w.Contains("scanning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_without_its_cross_reference_section_is_read_by_scanning()
    {
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, "BT /F1 12 Tf 72 720 Td (no table needed) Tj ET"u8.ToArray())).ToArray();
        int table = Encoding.Latin1.GetString(pdf).IndexOf("xref\n", StringComparison.Ordinal);

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf[..table]), ExtractionOptions.Default);

        Assert.Equal("no table needed", document.ToPlainText());
        Assert.Contains(document.Warnings, w => w.Contains("truncated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_header_with_a_damaged_byte_is_read_anyway_with_a_warning()
    {
        // One of the benchmark's hundred-flip mutants: "%P.F-1.4", the rest intact. Refused as "not a PDF" before.
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, "BT /F1 12 Tf 72 720 Td (header damaged) Tj ET"u8.ToArray())).ToArray();
        pdf[2] = (byte)'.';

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Equal("header damaged", document.ToPlainText());
        Assert.Contains(document.Warnings, w => w.Contains("header is damaged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_content_stream_damaged_part_way_gives_the_text_drawn_before_the_damage()
    {
        // 12 KB of text operators, compressed, with bytes overwritten two thirds of the way in. What inflated before the
        // damage was dropped with the rest when it came out of the same (64 KiB) read.
        var content = new StringBuilder();
        for (int line = 0; line < 60; line++)
        {
            content.Append(System.Globalization.CultureInfo.InvariantCulture, $"BT /F1 9 Tf 72 {760 - (12 * line)} Td (line {line} ")
                .Append(string.Join(' ', Enumerable.Range(0, 25).Select(w => $"w{line}x{w}"))).Append(") Tj ET\n");
        }

        var compressed = TestPdfWriter.Deflate(Encoding.ASCII.GetBytes(content.ToString()));
        Array.Fill(compressed, (byte)0xFF, compressed.Length * 2 / 3, 24);
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream("/Filter /FlateDecode", compressed)).ToArray();

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);

        Assert.Contains("line 0 w0x0", document.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("line 20 w20x0", document.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_stream_with_a_negative_offset_is_skipped_when_objects_are_scanned()
    {
        // A flipped digit made an object stream's offset "-30"; rebuilding the cross-reference data read before the
        // stream's data (IndexOutOfRangeException) and lost the whole document.
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, "BT /F1 12 Tf 72 720 Td (still read) Tj ET"u8.ToArray()));
        pdf.Add(TestPdfWriter.Stream("/Type /ObjStm /N 1 /First 5", "9 -30 << /Kind /Lost >>"u8.ToArray()));
        var bytes = pdf.ToArray();
        int table = Encoding.Latin1.GetString(bytes).IndexOf("xref\n", StringComparison.Ordinal);

        var document = await Extractor.ExtractAsync(new MemoryStream(bytes[..table]), ExtractionOptions.Default);

        Assert.Equal("still read", document.ToPlainText());
    }
}
