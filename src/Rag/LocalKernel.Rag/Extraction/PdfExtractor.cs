using System.Globalization;

namespace LocalKernel.Rag;

/// <summary>
/// Extracts the text of PDF files with page numbers on every block. A bounded reader of our own parses the file
/// structure (cross-reference tables and streams, object streams, damaged files rebuilt by scanning); a content-stream
/// interpreter follows the text operators and form XObjects; fonts are decoded through ToUnicode CMaps, the standard
/// encodings with /Differences, and Identity-H CID fonts; glyphs are put in reading order (lines by baseline, columns
/// by an XY-cut) and grouped into paragraphs by vertical gaps. Lines in a clearly larger font become headings.
/// </summary>
/// <remarks>
/// Every limit in <see cref="ExtractionOptions"/> applies: file size, each decoded stream (checked while inflating), page
/// count (a longer document is cut, with a warning in <see cref="ExtractedDocument.Warnings"/>), and form nesting depth.
/// Files protected by an owner password only (RC4, AES-128, AES-256) are read as viewers read them; files that need a
/// password to open are refused as encrypted. A damaged file gives the pages that survive, with warnings; a failure is a
/// <see cref="DocumentExtractionException"/>.
/// The work is CPU-bound and runs on the calling thread once the bytes are read. Stateless and thread-safe.
/// </remarks>
public sealed class PdfExtractor : IDocumentExtractor
{
    /// <summary>The content type this extractor reports: "application/pdf".</summary>
    public const string PdfContentType = "application/pdf";

    private const int DocumentWorkFactor = 4;
    private const double HeadingSizeRatio = 1.15;
    private const int MaxHeadingLength = 200;

    private static readonly string[] Types = [PdfContentType];

    /// <inheritdoc />
    public IReadOnlyCollection<string> ContentTypes => Types;

    /// <inheritdoc />
    /// <exception cref="DocumentExtractionException">Not a PDF or damaged (<see cref="ExtractionFailure.Malformed"/>),
    /// needing a password (<see cref="ExtractionFailure.Encrypted"/>), over a limit (<see cref="ExtractionFailure.TooLarge"/>), or
    /// without extractable text (<see cref="ExtractionFailure.Empty"/>).</exception>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = await ExtractionInput.ReadAllAsync(content, options.MaxFileBytesOrDefault, cancellationToken).ConfigureAwait(false);
        bool damagedHeader = !CheckHeader(bytes);
        try
        {
            return Extract(bytes, options, damagedHeader, cancellationToken);
        }
        catch (Exception ex) when (ex is not (DocumentExtractionException or OperationCanceledException or OutOfMemoryException))
        {
            // Our reader signals damage with PdfFormatException; anything else from hostile input is damage too.
            // (Memory exhaustion is the process's condition, not the file's; the limits keep it from happening.)
            string detail = ex is PdfFormatException ? ex.Message : $"The PDF could not be read ({ex.GetType().Name}: {ex.Message}).";
            throw new DocumentExtractionException(ExtractionFailure.Malformed, detail, ex);
        }
    }

    /// <summary>True for a sound header, false for a damaged one worth reading anyway; throws for anything else.</summary>
    private static bool CheckHeader(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw new DocumentExtractionException(ExtractionFailure.Empty, "The PDF file is empty.");
        }

        // The header may follow a little junk (7.5.2 allows viewers to look within the first 1024 bytes).
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf("%PDF-"u8) >= 0)
        {
            return true;
        }

        // A header with a byte or two damaged ("%P.F-1.4"): the rest of the file may well be intact, and the object
        // scan reads it. Two differences in seven bytes cannot turn another format's signature into this one.
        if (bytes.Length >= 7 && Differences(bytes.AsSpan(0, 7), "%PDF-1."u8) <= 2)
        {
            return false;
        }

        string kind = FileSignatures.Describe(bytes)
            ?? (LooksLikeText(bytes) ? $"text starting with \"{FileSignatures.Preview(bytes)}\"" : $"binary data starting with \"{FileSignatures.Preview(bytes)}\"");
        throw new DocumentExtractionException(ExtractionFailure.Malformed, $"The file is not a PDF (no %PDF- header): it is {kind}.");
    }

    private static int Differences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int differences = 0;
        for (int i = 0; i < a.Length; i++)
        {
            differences += a[i] == b[i] ? 0 : 1;
        }

        return differences;
    }

    private static bool LooksLikeText(byte[] bytes)
    {
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 1024));
        int printable = 0;
        foreach (var b in head)
        {
            printable += b is >= 0x20 or (byte)'\n' or (byte)'\r' or (byte)'\t' ? 1 : 0;
        }

        return printable >= head.Length * 0.95;
    }

    private static ExtractedDocument Extract(byte[] bytes, ExtractionOptions options, bool damagedHeader, CancellationToken cancellationToken)
    {
        var file = PdfFile.Open(bytes, options.MaxDecompressedBytesOrDefault);

        var warnings = new List<string>();
        if (damagedHeader)
        {
            warnings.Add($"The PDF header is damaged (\"{FileSignatures.Preview(bytes)}\"); the file was read anyway.");
        }

        var pages = PdfPageTree.Find(file, options.MaxPagesOrDefault, warnings);

        var fonts = new Dictionary<PdfDictionary, PdfFont>(ReferenceEqualityComparer.Instance);
        var pageBlocks = new List<(int Page, PdfTextBlock Block)>();
        Exception? firstFailure = null;
        long interpreted = 0;
        for (int i = 0; i < pages.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (interpreted > DocumentWorkFactor * file.MaxDecompressedBytes)
            {
                // Pages that all draw one huge content stream (or form) multiply a small file into endless work; each
                // page is bounded by MaxDecompressedBytes, the document by a few times that: cut there, as the page limit does.
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"The pages draw more than {DocumentWorkFactor * file.MaxDecompressedBytes:N0} bytes of content in all; only the first {i:N0} of {pages.Count:N0} pages were read ({DocumentWorkFactor} x ExtractionOptions.MaxDecompressedBytes)."));
                break;
            }

            var interpreter = new PdfContentInterpreter(file, fonts, options.MaxNestingDepthOrDefault, cancellationToken);
            try
            {
                interpreter.RunPage(PageContent(file, pages[i].Page), pages[i].Resources);
            }
            catch (Exception ex) when (ex is not (DocumentExtractionException or OperationCanceledException or OutOfMemoryException))
            {
                // A damaged file loses the damaged page, not the pages that survived; what was read of it is kept.
                firstFailure ??= ex;
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} is damaged and was read only in part ({ex.Message})."));
            }

            interpreted += interpreter.InterpretedBytes;
            foreach (var block in PdfTextLayout.Layout(interpreter.Glyphs))
            {
                pageBlocks.Add((i + 1, block));
            }
        }

        if (pageBlocks.Count == 0)
        {
            if (firstFailure is not null)
            {
                throw firstFailure is PdfFormatException ? firstFailure : new PdfFormatException($"The PDF could not be read ({firstFailure.GetType().Name}: {firstFailure.Message}).");
            }

            throw new DocumentExtractionException(ExtractionFailure.Empty,
                pages.Count == 0 ? "The PDF has no pages." : "The PDF has no extractable text (scanned pages would need OCR, which is not supported).");
        }

        var blocks = ToDocumentBlocks(pageBlocks);
        string? title = file.Resolve(file.ResolveDictionary(file.Trailer.Get("Info"))?.Get("Title")) is PdfString info ? info.ToText().Trim() : null;
        if (string.IsNullOrEmpty(title) || title.Equals("untitled", StringComparison.OrdinalIgnoreCase))
        {
            title = blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading)?.Text;
        }

        return new ExtractedDocument(PdfContentType, title, blocks, pages.Count) { Warnings = warnings };
    }

    private static byte[] PageContent(PdfFile file, PdfDictionary page)
    {
        var streams = file.Resolve(page.Get("Contents")) switch
        {
            PdfStream single => [single],
            PdfArray array => array.Select(file.ResolveStream).OfType<PdfStream>().ToList(),
            _ => new List<PdfStream>(),
        };

        // A page's streams form one content stream, split at token boundaries; join them with whitespace.
        var parts = new List<byte[]>();
        long total = 0;
        foreach (var stream in streams)
        {
            try
            {
                var decoded = file.Decode(stream);
                total += decoded.Length + 1;
                if (total > file.MaxDecompressedBytes)
                {
                    throw BoundedOutput.TooLarge(file.MaxDecompressedBytes);
                }

                parts.Add(decoded);
            }
            catch (Exception ex) when (ex is PdfFormatException or PdfUnsupportedFilterException)
            {
                // A damaged content stream loses its own text only.
            }
        }

        var content = new byte[total];
        int offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(content, offset);
            offset += part.Length;
            content[offset++] = (byte)'\n';
        }

        return content;
    }

    private static List<DocumentBlock> ToDocumentBlocks(List<(int Page, PdfTextBlock Block)> pageBlocks)
    {
        // Body text is the size most characters have; clearly larger short paragraphs are headings, ranked by size.
        double bodySize = pageBlocks
            .GroupBy(p => Math.Round(p.Block.FontSize * 2) / 2)
            .OrderByDescending(g => g.Sum(p => p.Block.Text.Length))
            .First().Key;
        var headingSizes = pageBlocks
            .Where(p => IsLargeHeading(p.Block, bodySize))
            .Select(p => Math.Round(p.Block.FontSize * 2) / 2)
            .Distinct()
            .OrderDescending()
            .ToList();

        var headings = new HeadingTracker();
        var blocks = new List<DocumentBlock>(pageBlocks.Count);
        foreach (var (page, block) in pageBlocks)
        {
            if (IsLargeHeading(block, bodySize) || IsBoldHeading(block, bodySize))
            {
                // Larger sizes rank first; a bold heading in body size ranks below all of them.
                int rank = headingSizes.IndexOf(Math.Round(block.FontSize * 2) / 2);
                int level = Math.Min(6, (rank >= 0 ? rank : headingSizes.Count) + 1);
                var above = headings.Enter(level, block.Text);
                blocks.Add(new DocumentBlock(BlockKind.Heading, block.Text, above, level, page));
            }
            else
            {
                blocks.Add(new DocumentBlock(block.Kind, block.Text, headings.Path, Page: page));
            }
        }

        return blocks;
    }

    private static bool IsLargeHeading(PdfTextBlock block, double bodySize) =>
        block.Kind == BlockKind.Paragraph && block.FontSize >= bodySize * HeadingSizeRatio && block.LineCount <= 3 && block.Text.Length <= MaxHeadingLength && block.Text.Any(char.IsLetter);

    private static bool IsBoldHeading(PdfTextBlock block, double bodySize) =>
        block.Kind == BlockKind.Paragraph && block.Bold && block.FontSize >= bodySize * 0.95 && block.LineCount <= 2 && block.Text.Length <= 120
        && block.Text.Any(char.IsLetter) && !block.Text.EndsWith('.');
}
