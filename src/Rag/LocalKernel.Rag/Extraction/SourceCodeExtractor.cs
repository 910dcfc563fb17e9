namespace LocalKernel.Rag;

/// <summary>
/// Extracts source files as <see cref="BlockKind.Code"/> blocks with 1-based line spans. With an
/// <see cref="ICodeSegmenter"/> the file is split at declarations and every block carries the namespace and enclosing
/// declarations in <see cref="DocumentBlock.HeadingPath"/> (LocalKernel.Rag.Code has a Roslyn segmenter for C# and rules
/// for other languages); without one, or when it recognises no declaration, the file is split at blank lines.
/// </summary>
/// <remarks>The extractor cannot see the file name, so each instance serves one content type; the
/// <see cref="DocumentExtractorRegistry"/> creates one per language. Stateless and thread-safe.</remarks>
public sealed class SourceCodeExtractor : IDocumentExtractor
{
    /// <summary>The content type whose files are split at C# declarations.</summary>
    public const string CSharpContentType = "text/x-csharp";

    private readonly string[] _contentTypes;
    private readonly ICodeSegmenter? _segmenter;

    /// <summary>Creates an extractor for source files of <paramref name="contentType"/> (e.g. "text/x-python").</summary>
    /// <param name="contentType">The content type it serves.</param>
    /// <param name="segmenter">Splits the language at declarations; null for blank-line blocks.</param>
    /// <exception cref="ArgumentException"><paramref name="contentType"/> is empty.</exception>
    public SourceCodeExtractor(string contentType, ICodeSegmenter? segmenter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        _contentTypes = [contentType];
        _segmenter = segmenter;
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

        // One line-ending convention so the segmenter's offsets and the line numbers agree.
        string text = TextDecoding.Decode(bytes, "source code").Replace("\r\n", "\n").Replace('\r', '\n');
        var lines = TextLines.Split(text);
        var blocks = new List<DocumentBlock>();
        var segments = _segmenter?.Segment(text);
        if (segments is not null)
        {
            foreach (var segment in segments)
            {
                blocks.Add(new DocumentBlock(BlockKind.Code, TextLines.Join(lines, segment.FirstLine - 1, segment.LastLine - 1), segment.HeadingPath,
                    StartLine: segment.FirstLine, EndLine: segment.LastLine));
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
