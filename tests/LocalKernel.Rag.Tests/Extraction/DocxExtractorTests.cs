using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LocalKernel.Rag.Tests;

/// <summary>DOCX files written with the OpenXml SDK, as Word writes them (styles part, numbering, tables).</summary>
public class DocxExtractorTests
{
    private static readonly DocxExtractor Extractor = new();

    [Fact]
    public async Task Styles_outline_levels_numbering_and_tables_become_structure()
    {
        var bytes = BuildDocx(body =>
        {
            body.Append(
                Para("Pump maintenance handbook", "Title"),
                Para("Daily checks", "Heading1"),
                Para("Walk the station every morning.", null),
                Numbered("Check the oil level."),
                Para("Listen for unusual noise.", "ListBullet"),
                Para("Oil", "Heading2"),
                OilTable(),
                Outlined("Disposal", outlineLevel: 1),
                Para("Used oil goes to the collection tank.", null),
                Para("Yearly service", "MySection"),
                new Paragraph(new Run(new Text("Replace the seals"), new TabChar(), new Text("(kit 7)"), new Break(), new Text("and log it."))));
        });

        var document = await Extractor.ExtractAsync(new MemoryStream(bytes), ExtractionOptions.Default);

        Assert.Equal("Pump maintenance handbook", document.Title);
        var headings = document.Blocks.Where(b => b.Kind == BlockKind.Heading).ToList();
        Assert.Equal(["Pump maintenance handbook", "Daily checks", "Oil", "Disposal", "Yearly service"], headings.Select(h => h.Text));
        Assert.Equal([1, 1, 2, 2, 1], headings.Select(h => h.HeadingLevel!.Value));
        Assert.Equal(
            ["Check the oil level.", "Listen for unusual noise."],
            document.Blocks.Where(b => b.Kind == BlockKind.ListItem).Select(b => b.Text));

        var table = Assert.Single(document.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal("Grade | Interval\nSAE 30 | 500 h\nSAE 40 | 750 h", table.Text);
        Assert.Equal(["Daily checks", "Oil"], table.HeadingPath);

        var disposal = Assert.Single(document.Blocks, b => b.Text.StartsWith("Used oil", StringComparison.Ordinal));
        Assert.Equal(["Daily checks", "Disposal"], disposal.HeadingPath);
        Assert.Contains(document.Blocks, b => b.Text == "Replace the seals\t(kit 7)\nand log it." && b.HeadingPath.SequenceEqual(["Yearly service"]));
        Assert.All(document.Blocks, b => Assert.Null(b.Page));
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_package_is_malformed()
    {
        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() =>
            Extractor.ExtractAsync(new MemoryStream(Encoding.UTF8.GetBytes("This is a text file renamed to .docx")), ExtractionOptions.Default));

        Assert.Equal(ExtractionFailure.Malformed, error.Reason);
        Assert.Contains("not a DOCX (ZIP) package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_zip_is_malformed()
    {
        var bytes = BuildDocx(body => body.Append(Para("Some text", null)));

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() =>
            Extractor.ExtractAsync(new MemoryStream(bytes[..(bytes.Length / 2)]), ExtractionOptions.Default));

        Assert.Equal(ExtractionFailure.Malformed, error.Reason);
    }

    [Fact]
    public async Task A_password_protected_document_is_encrypted()
    {
        // Office stores a protected DOCX inside an OLE compound file with an "EncryptedPackage" stream.
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504], .. Encoding.Unicode.GetBytes("EncryptedPackage"), .. new byte[512]];

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extractor.ExtractAsync(new MemoryStream(ole), ExtractionOptions.Default));

        Assert.Equal(ExtractionFailure.Encrypted, error.Reason);
    }

    [Fact]
    public async Task A_part_that_inflates_beyond_the_limit_fails_before_OpenXml_loads_it()
    {
        var bytes = BuildDocx(body => body.Append(Para(new string('x', 3_000_000), null)));

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() =>
            Extractor.ExtractAsync(new MemoryStream(bytes), new ExtractionOptions { MaxDecompressedBytes = 1_000_000 }));

        Assert.Equal(ExtractionFailure.TooLarge, error.Reason);
        Assert.Contains("word/document.xml", error.Message, StringComparison.Ordinal);
        Assert.True(bytes.Length < 100_000, "the test needs a small file that inflates a lot");
    }

    [Fact]
    public async Task A_zip_that_is_not_a_word_document_is_malformed()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry("readme.txt").Open();
            entry.Write("hello"u8);
        }

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() => Extractor.ExtractAsync(new MemoryStream(memory.ToArray()), ExtractionOptions.Default));

        Assert.Equal(ExtractionFailure.Malformed, error.Reason);
    }

    internal static byte[] BuildDocx(Action<Body> fill)
    {
        using var memory = new MemoryStream();
        using (var package = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                ParagraphStyle("Title", "Title"),
                ParagraphStyle("Heading1", "heading 1", new StyleParagraphProperties(new OutlineLevel { Val = 0 })),
                ParagraphStyle("Heading2", "heading 2", new StyleParagraphProperties(new OutlineLevel { Val = 1 })),
                ParagraphStyle("ListBullet", "List Bullet"),
                ParagraphStyle("MySection", "My Section", basedOn: "Heading1"));
            var body = new Body();
            fill(body);
            main.Document = new Document(body);
            package.PackageProperties.Title = null;
        }

        return memory.ToArray();
    }

    private static Style ParagraphStyle(string id, string name, StyleParagraphProperties? properties = null, string? basedOn = null)
    {
        var style = new Style { Type = StyleValues.Paragraph, StyleId = id };
        style.Append(new StyleName { Val = name });
        if (basedOn is not null)
        {
            style.Append(new BasedOn { Val = basedOn });
        }

        if (properties is not null)
        {
            style.Append(properties);
        }

        return style;
    }

    private static Paragraph Para(string text, string? style)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        paragraph.Append(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    private static Paragraph Numbered(string text) => new(
        new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })),
        new Run(new Text(text)));

    private static Paragraph Outlined(string text, int outlineLevel) => new(
        new ParagraphProperties(new OutlineLevel { Val = outlineLevel }),
        new Run(new Text(text)));

    private static Table OilTable()
    {
        static TableCell Cell(string text) => new(new Paragraph(new Run(new Text(text))));
        return new Table(
            new TableRow(Cell("Grade"), Cell("Interval")),
            new TableRow(Cell("SAE 30"), Cell("500 h")),
            new TableRow(Cell("SAE 40"), Cell("750 h")));
    }
}
