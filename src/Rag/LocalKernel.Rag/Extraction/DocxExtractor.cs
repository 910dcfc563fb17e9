using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LocalKernel.Rag;

/// <summary>
/// Extracts Word documents (DOCX) with DocumentFormat.OpenXml: paragraphs, headings (from the Title and Heading 1–6
/// styles, their base styles, and outline levels), list items (numbered or bulleted paragraphs), and tables (one row
/// per line, cells joined by " | "). Headers, footers, footnotes, comments and text boxes are not read.
/// </summary>
/// <remarks>Before OpenXml loads anything, every XML part's real inflated size is checked against
/// <see cref="ExtractionOptions.MaxDecompressedBytes"/>, so a zip bomb fails fast. Stateless and thread-safe.</remarks>
public sealed class DocxExtractor : IDocumentExtractor
{
    /// <summary>The content type this extractor reports.</summary>
    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly string[] Types = [DocxContentType];

    /// <inheritdoc />
    public IReadOnlyCollection<string> ContentTypes => Types;

    /// <inheritdoc />
    /// <exception cref="DocumentExtractionException">Not a ZIP package or not a Word document
    /// (<see cref="ExtractionFailure.Malformed"/>), password-protected (<see cref="ExtractionFailure.Encrypted"/>), a part
    /// or the file over its limit (<see cref="ExtractionFailure.TooLarge"/>), or no text (<see cref="ExtractionFailure.Empty"/>).</exception>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = await ExtractionInput.ReadAllAsync(content, options.MaxFileBytesOrDefault, cancellationToken).ConfigureAwait(false);
        CheckContainer(bytes);
        CheckPartSizes(bytes, options.MaxDecompressedBytesOrDefault, cancellationToken);

        try
        {
            using var memory = new MemoryStream(bytes, writable: false);
            using var package = WordprocessingDocument.Open(memory, isEditable: false);
            var body = package.MainDocumentPart?.Document?.Body
                ?? throw new DocumentExtractionException(ExtractionFailure.Malformed, "The package has no Word document body (is it a spreadsheet or presentation?).");
            var reader = new BodyReader(new DocxStyles(package.MainDocumentPart!.StyleDefinitionsPart?.Styles), cancellationToken);
            reader.Read(body);
            if (reader.Blocks.Count == 0)
            {
                throw new DocumentExtractionException(ExtractionFailure.Empty, "The Word document contains no text.");
            }

            string? title = package.PackageProperties.Title;
            if (string.IsNullOrWhiteSpace(title))
            {
                title = reader.Title ?? reader.Blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading)?.Text;
            }

            return new ExtractedDocument(DocxContentType, title, reader.Blocks);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException or InvalidOperationException or NotSupportedException)
        {
            throw new DocumentExtractionException(ExtractionFailure.Malformed, $"The Word document is damaged: {ex.Message}", ex);
        }
    }

    private static void CheckContainer(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw new DocumentExtractionException(ExtractionFailure.Empty, "The DOCX file is empty.");
        }

        if (bytes.AsSpan().StartsWith("PK"u8))
        {
            return;
        }

        ReadOnlySpan<byte> ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if (bytes.AsSpan().StartsWith(ole))
        {
            // Office wraps a password-protected DOCX in an OLE file holding an "EncryptedPackage" stream.
            if (bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes("EncryptedPackage")) >= 0)
            {
                throw new DocumentExtractionException(ExtractionFailure.Encrypted, "The Word document is password-protected.");
            }

            throw new DocumentExtractionException(ExtractionFailure.Malformed,
                "The file is a legacy Word 97-2003 (.doc) OLE document, not DOCX; save it as .docx to index it.");
        }

        string kind = FileSignatures.Describe(bytes) ?? $"data starting with \"{FileSignatures.Preview(bytes)}\"";
        throw new DocumentExtractionException(ExtractionFailure.Malformed, $"The file is not a DOCX (ZIP) package: it is {kind}.");
    }

    private static void CheckPartSizes(byte[] bytes, long maxPartBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var memory = new MemoryStream(bytes, writable: false);
            using var zip = new ZipArchive(memory, ZipArchiveMode.Read);
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.Length > maxPartBytes)
                {
                    throw PartTooLarge(entry.FullName, maxPartBytes);
                }

                if (!entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // The declared size can lie: inflate the XML parts (the ones OpenXml will load) and count.
                using var stream = entry.Open();
                long total = 0;
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                    if (total > maxPartBytes)
                    {
                        throw PartTooLarge(entry.FullName, maxPartBytes);
                    }
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentExtractionException(ExtractionFailure.Malformed, $"The DOCX package is not a valid ZIP archive: {ex.Message}", ex);
        }
    }

    private static DocumentExtractionException PartTooLarge(string part, long max) =>
        new(ExtractionFailure.TooLarge, $"The DOCX part '{part}' inflates beyond the limit of {max:N0} bytes (ExtractionOptions.MaxDecompressedBytes).");

    private sealed class BodyReader(DocxStyles styles, CancellationToken cancellationToken)
    {
        private readonly HeadingTracker _headings = new();

        public List<DocumentBlock> Blocks { get; } = [];

        public string? Title { get; private set; }

        public void Read(OpenXmlElement container)
        {
            foreach (var element in container.ChildElements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (element)
                {
                    case Paragraph paragraph:
                        ReadParagraph(paragraph);
                        break;
                    case Table table:
                        AddBlock(BlockKind.Table, TableText(table));
                        break;
                    case SdtBlock sdt when sdt.SdtContentBlock is { } sdtContent:
                        Read(sdtContent);
                        break;
                    case CustomXmlBlock customXml:
                        Read(customXml);
                        break;
                }
            }
        }

        private void ReadParagraph(Paragraph paragraph)
        {
            string text = ParagraphText(paragraph).Trim();
            if (text.Length == 0)
            {
                return;
            }

            var properties = paragraph.ParagraphProperties;
            string? styleId = properties?.ParagraphStyleId?.Val?.Value;
            int? level = properties?.OutlineLevel?.Val?.Value is int outline ? OutlineToHeading(outline) : styles.HeadingLevel(styleId);
            if (level is int headingLevel)
            {
                if (styles.IsTitle(styleId))
                {
                    Title ??= text;
                }

                string flat = text.Replace('\n', ' ');
                var above = _headings.Enter(headingLevel, flat);
                Blocks.Add(new DocumentBlock(BlockKind.Heading, flat, above, headingLevel));
                return;
            }

            bool listItem = properties?.NumberingProperties?.NumberingId?.Val?.Value is > 0 || styles.IsList(styleId);
            AddBlock(listItem ? BlockKind.ListItem : BlockKind.Paragraph, text);
        }

        private void AddBlock(BlockKind kind, string text)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                Blocks.Add(new DocumentBlock(kind, text, _headings.Path));
            }
        }

        private static int? OutlineToHeading(int outline) => outline is >= 0 and < 6 ? outline + 1 : null;
    }

    private static string TableText(Table table) => LocalKernel.Rag.TableText.Join(table.Elements<TableRow>().Select(row =>
        (IReadOnlyList<string>)row.Elements<TableCell>()
            .Select(cell => string.Join(' ', cell.Descendants<Paragraph>().Select(p => ParagraphText(p).Replace('\n', ' ').Trim()).Where(t => t.Length > 0)))
            .ToList()));

    private static string ParagraphText(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        AppendRunText(sb, paragraph);
        return sb.ToString();
    }

    private static void AppendRunText(StringBuilder sb, OpenXmlElement element)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case Text text:
                    sb.Append(text.Text);
                    break;
                case TabChar:
                    sb.Append('\t');
                    break;
                case Break or CarriageReturn:
                    sb.Append('\n');
                    break;
                case NoBreakHyphen:
                    sb.Append('-');
                    break;
                // Text boxes are separate stories, and a fallback repeats its choice: reading either would duplicate or misplace text.
                case TextBoxContent or AlternateContentFallback or Paragraph:
                    break;
                default:
                    if (child.HasChildren)
                    {
                        AppendRunText(sb, child);
                    }

                    break;
            }
        }
    }
}
