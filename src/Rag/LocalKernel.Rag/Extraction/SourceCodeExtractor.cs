namespace LocalKernel.Rag;

/// <summary>
/// Extracts source files as <see cref="BlockKind.Code"/> blocks with 1-based line spans. C# ("text/x-csharp") is split
/// at declarations (types and their members, each with its doc comments and attributes) and every block carries the
/// namespace and type names in <see cref="DocumentBlock.HeadingPath"/>; other languages are split at blank lines.
/// </summary>
/// <remarks>The extractor cannot see the file name, so each instance serves one content type; the
/// <see cref="DocumentExtractorRegistry"/> creates one per language. Stateless and thread-safe.</remarks>
public sealed class SourceCodeExtractor : IDocumentExtractor
{
    /// <summary>The content type whose files are split at C# declarations.</summary>
    public const string CSharpContentType = "text/x-csharp";

    private readonly string[] _contentTypes;

    /// <summary>Creates an extractor for source files of <paramref name="contentType"/> (e.g. "text/x-python").</summary>
    /// <exception cref="ArgumentException"><paramref name="contentType"/> is empty.</exception>
    public SourceCodeExtractor(string contentType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        _contentTypes = [contentType];
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> ContentTypes => _contentTypes;

    /// <inheritdoc />
    /// <exception cref="DocumentExtractionException">Binary content, an empty or blank file, or one over
    /// <see cref="ExtractionOptions.MaxFileBytes"/>.</exception>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = await ExtractionInput.ReadAllAsync(content, options.MaxFileBytesOrDefault, cancellationToken).ConfigureAwait(false);

        // One line-ending convention so the scanner's offsets and the line numbers agree.
        string text = TextDecoding.Decode(bytes, "source code").Replace("\r\n", "\n").Replace('\r', '\n');
        var lines = TextLines.Split(text);
        var blocks = new List<DocumentBlock>();
        var segments = _contentTypes[0] == CSharpContentType ? CSharpDeclarationScanner.Scan(text) : null;
        if (segments is not null)
        {
            foreach (var segment in segments)
            {
                blocks.Add(new DocumentBlock(BlockKind.Code, TextLines.Join(lines, segment.FirstLine, segment.LastLine), segment.Path,
                    StartLine: segment.FirstLine + 1, EndLine: segment.LastLine + 1));
            }
        }
        else
        {
            foreach (var (first, last) in TextLines.NonBlankRuns(lines))
            {
                blocks.Add(new DocumentBlock(BlockKind.Code, TextLines.Join(lines, first, last), [], StartLine: first + 1, EndLine: last + 1));
            }
        }

        if (blocks.Count == 0)
        {
            throw new DocumentExtractionException(ExtractionFailure.Empty, "The source file contains only whitespace.");
        }

        return new ExtractedDocument(_contentTypes[0], null, blocks);
    }
}
