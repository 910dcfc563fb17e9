using System.Text;

namespace LocalKernel.Rag.Tests;

public class PlainTextExtractorTests
{
    private static readonly PlainTextExtractor Extractor = new();

    [Fact]
    public async Task Paragraphs_are_runs_of_non_blank_lines_with_their_line_spans()
    {
        var document = await ExtractAsync(Encoding.UTF8.GetBytes("First line\r\nsecond line\r\n\r\n\r\nThird paragraph\n\n  \nlast\n"));

        Assert.Equal(
            [("First line\nsecond line", 1, 2), ("Third paragraph", 5, 5), ("last", 8, 8)],
            document.Blocks.Select(b => (b.Text, b.StartLine!.Value, b.EndLine!.Value)));
        Assert.All(document.Blocks, b => Assert.Equal(BlockKind.Paragraph, b.Kind));
        Assert.Equal("text/plain", document.ContentType);
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-32le-bom")]
    [InlineData("utf-32be-bom")]
    [InlineData("utf-8")]
    [InlineData("utf-16le-no-bom")]
    public async Task Encodings_are_detected(string encoding)
    {
        const string Text = "Grüße aus Köln — ελληνικά, русский, 日本語 ✓";
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text)],
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Text)],
            "utf-32le-bom" => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(Text)],
            "utf-32be-bom" => [.. new UTF32Encoding(true, true).GetPreamble(), .. new UTF32Encoding(true, true).GetBytes(Text)],
            "utf-16le-no-bom" => Encoding.Unicode.GetBytes("Plain ASCII mostly: " + Text),
            _ => Encoding.UTF8.GetBytes(Text),
        };

        var document = await ExtractAsync(bytes);

        Assert.EndsWith(Text, Assert.Single(document.Blocks).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_are_read_as_Windows_1252()
    {
        // "Café – 5 €" in Windows-1252: é = E9, en dash = 96, euro = 80.
        var document = await ExtractAsync([0x43, 0x61, 0x66, 0xE9, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]);

        Assert.Equal("Café – 5 €", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Binary_content_is_refused_and_the_message_names_the_format()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00];

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(png));

        Assert.Equal(ExtractionFailure.Binary, error.Reason);
        Assert.Contains("PNG image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_control_characters_without_NUL_bytes_are_binary_too()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == 0 ? (byte)1 : bytes[i];
        }

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(bytes));

        Assert.Equal(ExtractionFailure.Binary, error.Reason);
        Assert.Contains("control characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09, 0x0D, 0x0A })]
    public async Task Empty_or_blank_files_are_empty(byte[] bytes)
    {
        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => ExtractAsync(bytes));

        Assert.Equal(ExtractionFailure.Empty, error.Reason);
    }

    [Fact]
    public async Task A_stream_longer_than_the_limit_fails_without_being_read_to_the_end()
    {
        var endless = new EndlessStream();

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extractor.ExtractAsync(endless, new ExtractionOptions { MaxFileBytes = 1_000_000 }));

        Assert.Equal(ExtractionFailure.TooLarge, error.Reason);
        Assert.True(endless.Delivered < 2_000_000, $"read {endless.Delivered:N0} bytes");
    }

    private static Task<ExtractedDocument> ExtractAsync(byte[] bytes) => Extractor.ExtractAsync(new MemoryStream(bytes), ExtractionOptions.Default);

    /// <summary>A non-seekable stream of text that never ends.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Delivered { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Delivered; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'a');
            Delivered += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
