namespace LocalKernel.Rag;

/// <summary>
/// Extracts plain text files: the encoding comes from a BOM, else strict UTF-8, else Windows-1252; each run of
/// non-blank lines becomes a <see cref="BlockKind.Paragraph"/> with its 1-based line span.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class PlainTextExtractor : IDocumentExtractor
{
    /// <summary>The content type this extractor reports: "text/plain".</summary>
    public const string PlainTextContentType = "text/plain";

    private static readonly string[] Types = [PlainTextContentType, "text/csv", "text/tab-separated-values"];

    /// <inheritdoc />
    public IReadOnlyCollection<string> ContentTypes => Types;

    /// <inheritdoc />
    /// <exception cref="DocumentExtractionException">Binary content (<see cref="ExtractionFailure.Binary"/>), an empty or
    /// blank file (<see cref="ExtractionFailure.Empty"/>), or one over <see cref="ExtractionOptions.MaxFileBytes"/>.</exception>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = await ExtractionInput.ReadAllAsync(content, options.MaxFileBytesOrDefault, cancellationToken).ConfigureAwait(false);
        string text = TextDecoding.Decode(bytes, "text");
        var lines = TextLines.Split(text);
        var blocks = new List<DocumentBlock>();
        foreach (var (first, last) in TextLines.NonBlankRuns(lines))
        {
            cancellationToken.ThrowIfCancellationRequested();
            blocks.Add(new DocumentBlock(BlockKind.Paragraph, TextLines.Join(lines, first, last), [], StartLine: first + 1, EndLine: last + 1));
        }

        if (blocks.Count == 0)
        {
            throw new DocumentExtractionException(ExtractionFailure.Empty, "The text file contains only whitespace.");
        }

        return new ExtractedDocument(PlainTextContentType, null, blocks);
    }
}
