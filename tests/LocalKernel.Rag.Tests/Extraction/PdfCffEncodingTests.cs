using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>
/// The built-in encoding of an embedded CFF program (/FontFile3 /Type1C) when the font names none: XeTeX embeds TeX's
/// math fonts so, without a ToUnicode map (CMMI's comma sits at the code of ';'). The program here is a real CFF
/// structure written byte by byte (header, INDEXes, Top DICT, charset, encoding with a supplement).
/// </summary>
public class PdfCffEncodingTests
{
    private static readonly PdfExtractor Extractor = new();

    [Fact]
    public async Task Codes_read_through_the_programs_encoding_charset_and_strings()
    {
        var text = await ReadAsync(MathFont());

        // ';' is comma's code in this font, \013 is alpha (a name from the program's string INDEX), 'a' a supplement.
        Assert.Equal("α,A B", text);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(45)]
    [InlineData(60)]
    public async Task A_truncated_program_falls_back_to_the_codes_without_an_error(int length)
    {
        var text = await ReadAsync(MathFont()[..length]);

        Assert.Equal(";A a", text.Replace("\v", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Programs_with_random_bytes_changed_are_read_without_an_error()
    {
        var random = new Random(18);
        for (int i = 0; i < 300; i++)
        {
            var program = MathFont();
            for (int flips = random.Next(1, 6); flips > 0; flips--)
            {
                program[random.Next(program.Length)] = (byte)random.Next(256);
            }

            var text = await ReadAsync(program);

            Assert.NotNull(text);
        }
    }

    private static async Task<string> ReadAsync(byte[] program)
    {
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int fontFile = pdf.Add(TestPdfWriter.Stream("/Subtype /Type1C", program));
        int descriptor = pdf.Add($"<< /Type /FontDescriptor /FontName /TestMath /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 750 /Descent -250 /CapHeight 700 /StemV 80 /FontFile3 {fontFile} 0 R >>");
        string widths = string.Join(' ', Enumerable.Repeat("500", 128));
        int font = pdf.Add($"<< /Type /Font /Subtype /Type1 /BaseFont /TestMath /FirstChar 0 /LastChar 127 /Widths [{widths}] /FontDescriptor {descriptor} 0 R >>");
        int content = pdf.Add(TestPdfWriter.Stream(string.Empty, "BT /M 12 Tf 72 720 Td (\\013;A) Tj 100 0 Td (a) Tj ET"u8.ToArray()));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /M {font} 0 R >> >> >>");

        return (await Extractor.ExtractAsync(new MemoryStream(pdf.ToArray()), ExtractionOptions.Default)).ToPlainText();
    }

    /// <summary>Glyphs .notdef, comma (standard string 13), alpha (string 391, stored), A (34); codes 59, 11, 65 by
    /// encoding format 0, and code 97 → B (35) as a supplement.</summary>
    private static byte[] MathFont()
    {
        static byte[] Index(params byte[][] items)
        {
            var bytes = new List<byte> { (byte)(items.Length >> 8), (byte)items.Length, 1 };
            int offset = 1;
            bytes.Add((byte)offset);
            foreach (var item in items)
            {
                offset += item.Length;
                bytes.Add((byte)offset);
            }

            return [.. bytes, .. items.SelectMany(i => i)];
        }

        static byte[] Int32(int value, byte op) => [29, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value, op];

        byte[] header = [1, 0, 4, 1];
        byte[] names = Index("TestMath"u8.ToArray());
        byte[] strings = Index("alpha"u8.ToArray());
        byte[] globalSubrs = [0, 0];
        byte[] charset = [0, 0, 13, 1, 135, 0, 34];
        byte[] encoding = [0x80, 3, 59, 11, 65, 1, 97, 0, 35];
        byte[] charStrings = Index([14], [14], [14], [14]);
        int topLength = 3 * 6, topIndexLength = 5 + topLength;
        int charsetAt = header.Length + names.Length + topIndexLength + strings.Length + globalSubrs.Length;
        int encodingAt = charsetAt + charset.Length, charStringsAt = encodingAt + encoding.Length;
        byte[] top = [.. Int32(charsetAt, 15), .. Int32(encodingAt, 16), .. Int32(charStringsAt, 17)];
        return [.. header, .. names, .. Index(top), .. strings, .. globalSubrs, .. charset, .. encoding, .. charStrings];
    }
}
