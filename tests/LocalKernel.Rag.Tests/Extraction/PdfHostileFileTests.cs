using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>
/// Files made to hurt a reader (the ones PdfPig failed on when it was measured against ours): reference cycles, Flate
/// bombs (single and double compressed), glyph and operator floods, forms that fan out, absurd /Length values. Each is
/// answered with text or a typed <see cref="DocumentExtractionException"/>, with bounded memory, and the process lives
/// on (a stack overflow would end the test run). The timeouts are hang guards, not speed measurements.
/// </summary>
public class PdfHostileFileTests
{
    private const long MemoryBound = 300L * 1024 * 1024;
    private static readonly PdfExtractor Extractor = new();

    [Theory(Timeout = 60_000)]
    [InlineData("5 0 R")]            // /Contents is itself
    [InlineData("[5 0 R 5 0 R]")]    // an array holding itself
    [InlineData("<< /X 5 0 R >>")]   // a dictionary holding itself
    public async Task A_reference_cycle_in_the_page_contents_is_answered(string body)
    {
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve(), font = pdf.Reserve(), content = pdf.Reserve();
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /Contents {content} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>");
        pdf.Set(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        pdf.Set(content, body);

        var outcome = await AnswerAsync(pdf.ToArray());

        Assert.Equal("Empty", outcome);
    }

    [Fact(Timeout = 60_000)]
    public async Task Cycles_in_the_page_tree_and_in_parent_links_are_answered()
    {
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int content = pdf.Add(TestPdfWriter.Stream(string.Empty, "BT /F1 12 Tf 72 720 Td (still here) Tj ET"u8.ToArray()));
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{pages} 0 R {page} 0 R] /Parent {pages} 0 R /Count 2 /Resources << /Font << /F1 {font} 0 R >> >> >>");
        pdf.Set(page, $"<< /Type /Page /Parent {page} 0 R /Contents {content} 0 R >>");

        Assert.Equal("text:still here", await AnswerAsync(pdf.ToArray()));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_double_compressed_Flate_bomb_stops_at_the_limit_with_bounded_memory()
    {
        // 1 GiB of spaces, deflated twice: a few kilobytes on disk. The limit (default 64 MiB) applies to each stage.
        var inner = DeflateRepeated((byte)' ', 1L << 30);
        var outer = TestPdfWriter.Deflate(inner);
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream("/Filter [/FlateDecode /FlateDecode]", outer)).ToArray();

        var (outcome, allocated) = await MeasureAsync(pdf);

        Assert.Equal("TooLarge", outcome);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_single_Flate_bomb_in_a_font_program_and_a_CMap_is_answered_with_bounded_memory()
    {
        var bomb = DeflateRepeated(0, 1L << 30);
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int program = pdf.Add(TestPdfWriter.Stream("/Filter /FlateDecode /Length1 100", bomb));
        int cmap = pdf.Add(TestPdfWriter.Stream("/Filter /FlateDecode", bomb));
        int descriptor = pdf.Add($"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontFile {program} 0 R >>");
        int font = pdf.Add($"<< /Type /Font /Subtype /Type1 /BaseFont /Bomb /FontDescriptor {descriptor} 0 R /ToUnicode {cmap} 0 R >>");
        int content = pdf.Add(TestPdfWriter.Stream(string.Empty, "BT /F1 12 Tf 72 720 Td (text) Tj ET"u8.ToArray()));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /Contents {content} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>");

        var (outcome, allocated) = await MeasureAsync(pdf.ToArray());

        Assert.True(outcome is "TooLarge" or "text:text", outcome);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_glyph_flood_is_refused_with_bounded_memory()
    {
        // 20 million glyphs from a 20 MB content stream that deflates to about 20 KB.
        var flood = new StringBuilder("BT /F1 1 Tf 0 0 Td (");
        flood.Append('x', 20_000_000).Append(") Tj ET");
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream("/Filter /FlateDecode", DeflateFast(Encoding.ASCII.GetBytes(flood.ToString())))).ToArray();
        flood = null;

        var (outcome, allocated) = await MeasureAsync(pdf);

        Assert.Equal("TooLarge", outcome);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_line_of_fifty_thousand_spaced_strings_is_laid_out_in_bounded_time_and_memory()
    {
        // 150,000 glyphs on one baseline, each string 1.4 em apart from the last: every gap between them was tried
        // as a column gutter, each splitting the whole line (minutes, gigabytes); now the widest few are.
        var flood = new StringBuilder("BT /F1 10 Tf 72 720 Td ");
        for (int i = 0; i < 50_000; i++)
        {
            flood.Append("30 0 Td (abc) Tj\n");
        }

        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream("/Filter /FlateDecode", DeflateFast(Encoding.ASCII.GetBytes(flood.Append("ET").ToString())))).ToArray();

        var (outcome, allocated) = await MeasureAsync(pdf);

        Assert.StartsWith("text:abc abc", outcome, StringComparison.Ordinal);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact(Timeout = 60_000)]
    public async Task Two_lines_of_sixty_thousand_spaced_glyphs_whose_gaps_never_meet_are_laid_out_in_bounded_time()
    {
        // Whether two lines are rows of one table was decided by comparing every gap of one with every gap of the
        // other; here no two gaps overlap (0.85 em between glyphs 0.94 em wide, the second line shifted by half a step),
        // so all 3.6 billion pairs were compared (about 2 minutes; a second now).
        var flood = new StringBuilder("BT /F1 10 Tf ");
        foreach (var (y, x) in new[] { (720, 72.0), (706, 80.97) })
        {
            flood.Append(CultureInfo.InvariantCulture, $"1 0 0 1 {x:F2} {y} Tm ");
            for (int i = 0; i < 60_000; i++)
            {
                flood.Append("(W) Tj 17.94 0 Td\n");
            }
        }

        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream("/Filter /FlateDecode", DeflateFast(Encoding.ASCII.GetBytes(flood.Append("ET").ToString())))).ToArray();

        var (outcome, allocated) = await MeasureAsync(pdf);

        Assert.StartsWith("text:W W W", outcome, StringComparison.Ordinal);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact(Timeout = 120_000)]
    public async Task An_operator_flood_is_answered()
    {
        // Half a million painting and state operators around one line of text: read through, or refused, never stuck.
        var flood = new StringBuilder("BT /F1 12 Tf 72 720 Td (after the flood) Tj ET\n");
        for (int i = 0; i < 125_000; i++)
        {
            flood.Append("q 1 0 0 1 0 0 cm 0 0 m Q\n");
        }

        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream("/Filter /FlateDecode", DeflateFast(Encoding.ASCII.GetBytes(flood.ToString())))).ToArray();

        var (outcome, allocated) = await MeasureAsync(pdf);

        Assert.Equal("text:after the flood", outcome);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact(Timeout = 120_000)]
    public async Task Many_pages_sharing_one_operator_flood_are_cut_with_a_warning()
    {
        // Forty pages draw the same flood stream (each just under the per-page limit): without a limit for the whole
        // document the work grows with the page count. The limit is lowered to 1 MiB to keep the test quick.
        var flood = new StringBuilder("BT /F1 12 Tf 72 720 Td (after the flood) Tj ET\n");
        while (flood.Length < 1_000_000)
        {
            flood.Append("q 1 0 0 1 0 0 cm 0 0 m Q\n");
        }

        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve();
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int content = pdf.Add(TestPdfWriter.Stream("/Filter /FlateDecode", DeflateFast(Encoding.ASCII.GetBytes(flood.ToString()))));
        var kids = Enumerable.Range(0, 40).Select(_ => pdf.Add(
            $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>")).ToList();
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{string.Join(' ', kids.Select(k => $"{k} 0 R"))}] /Count 40 >>");

        var document = await Extractor.ExtractAsync(new MemoryStream(pdf.ToArray()), new ExtractionOptions { MaxDecompressedBytes = 1024 * 1024 });

        Assert.InRange(document.Blocks.Max(b => b.Page ?? 0), 4, 5);
        Assert.Contains(document.Warnings, w => w.Contains("only the first", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task Forms_that_fan_out_ten_ways_eight_deep_are_refused()
    {
        // Each form draws the next one ten times: 10^8 draws of the innermost text from a file of a few hundred bytes.
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int next = pdf.Add(TestPdfWriter.Stream($"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F1 {font} 0 R >> >>", "BT /F1 9 Tf (leaf) Tj ET"u8.ToArray()));
        for (int level = 0; level < 8; level++)
        {
            next = pdf.Add(TestPdfWriter.Stream($"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X {next} 0 R >> >>",
                Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("/X Do ", 10)))));
        }

        int content = pdf.Add(TestPdfWriter.Stream(string.Empty, "/X Do"u8.ToArray()));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /Contents {content} 0 R /Resources << /XObject << /X {next} 0 R >> >> >>");

        var (outcome, allocated) = await MeasureAsync(pdf.ToArray());

        Assert.Equal("TooLarge", outcome);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("999999999999999")]
    [InlineData("-5")]
    [InlineData("1e300")]
    [InlineData("99 0 R")]
    public async Task A_stream_with_an_absurd_length_is_read_to_its_endstream(string length)
    {
        var body = Encoding.Latin1.GetBytes($"<< /Length {length} >>\nstream\nBT /F1 12 Tf 72 720 Td (length ignored) Tj ET\nendstream");
        var pdf = TestPdfWriter.OnePage(body).ToArray();

        Assert.Equal("text:length ignored", await AnswerAsync(pdf));
    }

    private static async Task<string> AnswerAsync(byte[] pdf)
    {
        try
        {
            var document = await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default);
            return "text:" + document.ToPlainText();
        }
        catch (DocumentExtractionException ex)
        {
            return ex.Reason.ToString();
        }
    }

    /// <summary>The answer and the bytes allocated, on a thread of its own: the extraction works synchronously, so run
    /// inline it would hold the test's thread and xunit's <c>Timeout</c> could not end a run that takes too long.</summary>
    private static Task<(string Outcome, long Allocated)> MeasureAsync(byte[] pdf) => Task.Run(() =>
    {
        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = AnswerAsync(pdf).GetAwaiter().GetResult();
        return (outcome, GC.GetAllocatedBytesForCurrentThread() - before);
    });

    private static byte[] DeflateFast(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] DeflateRepeated(byte value, long count)
    {
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, value);
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (long written = 0; written < count; written += chunk.Length)
            {
                zlib.Write(chunk);
            }
        }

        return output.ToArray();
    }
}
