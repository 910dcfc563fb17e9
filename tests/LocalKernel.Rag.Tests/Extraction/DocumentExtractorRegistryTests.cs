using System.Text;

namespace LocalKernel.Rag.Tests;

public class DocumentExtractorRegistryTests
{
    private readonly DocumentExtractorRegistry _registry = DocumentExtractorRegistry.CreateDefault();

    [Theory]
    [InlineData("notes.txt", "text/plain", typeof(PlainTextExtractor))]
    [InlineData("guide.MD", "text/markdown", typeof(MarkdownExtractor))]
    [InlineData("page.htm", "text/html", typeof(HtmlExtractor))]
    [InlineData("report.pdf", "application/pdf", typeof(PdfExtractor))]
    [InlineData("letter.docx", DocxExtractor.DocxContentType, typeof(DocxExtractor))]
    [InlineData("Program.cs", "text/x-csharp", typeof(SourceCodeExtractor))]
    [InlineData("build.py", "text/x-python", typeof(SourceCodeExtractor))]
    [InlineData("data.csv", "text/csv", typeof(PlainTextExtractor))]
    public void Extensions_map_to_content_types_and_extractors(string file, string contentType, Type extractorType)
    {
        Assert.Equal(contentType, _registry.GetContentType(file));
        Assert.IsType(extractorType, _registry.GetExtractor(contentType));
        Assert.True(_registry.CanExtract(file));
    }

    [Fact]
    public void Content_type_parameters_are_ignored_and_unknown_types_have_no_extractor()
    {
        Assert.IsType<HtmlExtractor>(_registry.GetExtractor("text/html; charset=utf-8"));
        Assert.Null(_registry.GetExtractor("image/png"));
        Assert.Null(_registry.GetContentType("photo.png"));
        Assert.False(_registry.CanExtract("Makefile"));
    }

    [Fact]
    public async Task Files_are_extracted_by_extension()
    {
        var document = await _registry.ExtractFileAsync(TestFiles.Fixture("markdown/operations-guide.md"));

        Assert.Equal("text/markdown", document.ContentType);
        Assert.Equal("Operations guide", document.Title);
    }

    [Theory]
    [InlineData("photo.png")]
    [InlineData("Makefile")]
    public async Task Unknown_types_are_unsupported(string name)
    {
        using var temp = new TempDirectory();
        string path = temp.File(name, [1, 2, 3]);

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => _registry.ExtractFileAsync(path));

        Assert.Equal(ExtractionFailure.UnsupportedType, error.Reason);
        Assert.StartsWith(name + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_size_limit_applies_before_the_file_is_read()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "huge.txt");
        using (var file = File.Create(path))
        {
            file.SetLength(200L * 1024 * 1024); // sparse: no data is written, so reading it would take a while
        }

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => _registry.ExtractFileAsync(path));

        // Only the check on the file's length, before it is opened, knows and reports the size.
        Assert.Equal(ExtractionFailure.TooLarge, error.Reason);
        Assert.Contains("209,715,200 bytes is over the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_files_fail_with_their_reason_and_their_name()
    {
        using var temp = new TempDirectory();
        var cases = new (string Name, byte[] Content, ExtractionFailure Reason)[]
        {
            ("empty.txt", [], ExtractionFailure.Empty),
            ("empty.md", [], ExtractionFailure.Empty),
            ("image.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], ExtractionFailure.Binary),
            ("fake.pdf", Encoding.UTF8.GetBytes("just some notes"), ExtractionFailure.Malformed),
            ("fake.docx", Encoding.UTF8.GetBytes("just some notes"), ExtractionFailure.Malformed),
            ("program.cs", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0], ExtractionFailure.Binary),
        };

        foreach (var (name, content, reason) in cases)
        {
            string path = temp.File(name, content);
            var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => _registry.ExtractFileAsync(path));
            Assert.True(reason == error.Reason, $"{name}: {error.Reason} ({error.Message})");
            Assert.StartsWith(name + ":", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_file_is_not_an_extraction_failure()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => _registry.ExtractFileAsync(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".txt")));
    }

    [Fact]
    public void Custom_extractors_and_extensions_can_be_registered()
    {
        var registry = new DocumentExtractorRegistry();
        registry.Register(new SourceCodeExtractor("text/x-cobol"), ".cbl", ".cob");

        Assert.Equal("text/x-cobol", registry.GetContentType("PAYROLL.CBL"));
        Assert.Throws<ArgumentException>(() => registry.MapExtension("md", "text/markdown"));
    }
}
