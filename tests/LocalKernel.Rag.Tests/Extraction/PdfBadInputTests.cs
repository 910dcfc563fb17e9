using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>Damaged, hostile and misnamed files: each fails fast with a typed reason and bounded memory.</summary>
public class PdfBadInputTests
{
    private static readonly PdfExtractor Extractor = new();

    [Fact]
    public async Task An_encrypted_pdf_is_refused_as_encrypted()
    {
        var error = await FailsAsync(File.ReadAllBytes(TestFiles.Fixture("pdf/encrypted.pdf")));

        Assert.Equal(ExtractionFailure.Encrypted, error.Reason);
    }

    [Fact]
    public async Task An_empty_pdf_is_empty()
    {
        Assert.Equal(ExtractionFailure.Empty, (await FailsAsync([])).Reason);
    }

    [Fact]
    public async Task A_text_file_named_pdf_is_malformed_and_the_message_says_it_is_text()
    {
        var error = await FailsAsync(Encoding.UTF8.GetBytes("Meeting notes\nThis is not a PDF at all.\n"));

        Assert.Equal(ExtractionFailure.Malformed, error.Reason);
        Assert.Contains("not a PDF", error.Message, StringComparison.Ordinal);
        Assert.Contains("text starting with \"Meeting notes", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)] // a hang guard, not a speed measurement
    public async Task A_decompression_bomb_stops_at_the_limit_with_bounded_memory()
    {
        // 64 MiB of spaces in a content stream: about 64 KB deflated. The limit is 4 MiB.
        var inflated = new byte[64 * 1024 * 1024];
        Array.Fill(inflated, (byte)' ');
        "BT /F1 12 Tf 72 720 Td (bomb) Tj ET"u8.CopyTo(inflated);
        var compressed = TestPdfWriter.Deflate(inflated);
        inflated = null;
        GC.Collect();
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream("/Filter /FlateDecode", compressed)).ToArray();
        var options = new ExtractionOptions { MaxDecompressedBytes = 4 * 1024 * 1024 };

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extractor.ExtractAsync(new MemoryStream(pdf), options));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ExtractionFailure.TooLarge, error.Reason);
        Assert.Contains("MaxDecompressedBytes", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated:N0} bytes"); // the stream alone would be 64 MiB
    }

    [Fact]
    public async Task A_declared_decoded_length_over_the_limit_fails_before_inflating()
    {
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream("/Filter /FlateDecode /DL 999999999", TestPdfWriter.Deflate("BT ET"u8.ToArray()))).ToArray();

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default));

        Assert.Equal(ExtractionFailure.TooLarge, error.Reason);
    }

    [Fact]
    public async Task Forms_nested_deeper_than_the_limit_are_refused()
    {
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int next = pdf.Add(TestPdfWriter.Stream($"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F1 {font} 0 R >> >>", "BT /F1 9 Tf (deepest) Tj ET"u8.ToArray()));
        for (int level = 0; level < 20; level++)
        {
            next = pdf.Add(TestPdfWriter.Stream($"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X {next} 0 R >> >>", "/X Do"u8.ToArray()));
        }

        int content = pdf.Add(TestPdfWriter.Stream(string.Empty, "/X Do"u8.ToArray()));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /Contents {content} 0 R /Resources << /XObject << /X {next} 0 R >> >> >>");
        var bytes = pdf.ToArray();

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extractor.ExtractAsync(new MemoryStream(bytes), ExtractionOptions.Default));
        Assert.Equal(ExtractionFailure.TooLarge, error.Reason);
        Assert.Contains("MaxNestingDepth", error.Message, StringComparison.Ordinal);

        var deeper = await Extractor.ExtractAsync(new MemoryStream(bytes), new ExtractionOptions { MaxNestingDepth = 32 });
        Assert.Equal("deepest", deeper.ToPlainText());
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var bytes = File.ReadAllBytes(TestFiles.Fixture("pdf/chromium-simple.pdf"));

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extractor.ExtractAsync(new MemoryStream(bytes), new ExtractionOptions { MaxFileBytes = 1000 }));

        Assert.Equal(ExtractionFailure.TooLarge, error.Reason);
    }

    [Fact]
    public async Task A_pdf_without_text_is_empty_with_a_hint_about_scans()
    {
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, "0 0 1 rg 10 10 100 100 re f"u8.ToArray())).ToArray();

        var error = await FailsAsync(pdf);

        Assert.Equal(ExtractionFailure.Empty, error.Reason);
        Assert.Contains("OCR", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 300_000)] // a hang guard: damage must never make the reader loop
    public async Task Random_damage_to_real_files_gives_text_or_a_typed_error_never_another_exception()
    {
        // Property: for any byte damage, the outcome is a document or a DocumentExtractionException, and quickly.
        var random = new Random(20240517);
        var sources = TestFiles.PdfFixtures().Select(File.ReadAllBytes).ToList();
        var outcomes = new Dictionary<string, int>();
        for (int run = 0; run < 300; run++)
        {
            var bytes = (byte[])sources[run % sources.Count].Clone();
            int damage = random.Next(1, 40);
            for (int k = 0; k < damage; k++)
            {
                int at = random.Next(bytes.Length);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes[at] = (byte)"()<>[]/{}0123456789 \n"[random.Next(21)]; break;
                    default: Array.Clear(bytes, at, Math.Min(random.Next(1, 64), bytes.Length - at)); break;
                }
            }

            string outcome;
            try
            {
                var document = await Extractor.ExtractAsync(new MemoryStream(bytes), ExtractionOptions.Default);
                outcome = "text";
                Assert.NotEmpty(document.Blocks);
            }
            catch (DocumentExtractionException ex)
            {
                outcome = ex.Reason.ToString();
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(outcomes.GetValueOrDefault("text") > 0, string.Join(", ", outcomes));
    }

    private static async Task<DocumentExtractionException> FailsAsync(byte[] bytes) =>
        await Assert.ThrowsAsync<DocumentExtractionException>(() => Extractor.ExtractAsync(new MemoryStream(bytes), ExtractionOptions.Default));

    [Fact]
    public async Task A_code_that_maps_to_half_a_surrogate_pair_reads_as_a_replacement_character()
    {
        // Tesseract's OCR layer maps every 2-byte code to the same UTF-16 unit (one bfrange <0000> <FFFF> <0000>); a
        // flipped byte drew code D805 alone, a high surrogate without its pair, and the text could not be written as
        // UTF-8 (the benchmark's worker threw EncoderFallbackException on that mutant).
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int toUnicode = pdf.Add(TestPdfWriter.Stream(string.Empty,
            "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange"u8.ToArray()));
        int descendant = pdf.Add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>");
        int font = pdf.Add($"<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [{descendant} 0 R] /ToUnicode {toUnicode} 0 R >>");
        int content = pdf.Add(TestPdfWriter.Stream(string.Empty, "BT /F1 12 Tf 72 720 Td <00410042D80500430044> Tj ET"u8.ToArray()));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>");

        var text = (await Extractor.ExtractAsync(new MemoryStream(pdf.ToArray()), ExtractionOptions.Default)).ToPlainText();

        Assert.Equal("AB\uFFFDCD", text);
        _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetBytes(text);
    }
}
