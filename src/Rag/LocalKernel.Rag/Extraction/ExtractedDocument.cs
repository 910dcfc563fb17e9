namespace LocalKernel.Rag;

/// <summary>The text of a file with its structure, as an <see cref="IDocumentExtractor"/> returns it.</summary>
/// <param name="ContentType">The MIME type the extractor handled, e.g. "application/pdf".</param>
/// <param name="Title">The document's title when the format states one (HTML title, PDF info, first heading).</param>
/// <param name="Blocks">The blocks in reading order.</param>
/// <param name="PageCount">Pages of a paged format (PDF) that were read; null otherwise.</param>
public sealed record ExtractedDocument(string ContentType, string? Title, IReadOnlyList<DocumentBlock> Blocks, int? PageCount = null)
{
    /// <summary>What the extractor could not read in full, one sentence each: pages past
    /// <see cref="ExtractionOptions.MaxPages"/>, pages of a damaged file that were lost. Empty when everything was read.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>All block texts joined by blank lines: the document's plain text.</summary>
    public string ToPlainText() => string.Join("\n\n", Blocks.Select(b => b.Text));
}
