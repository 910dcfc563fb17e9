namespace LocalKernel.Rag;

/// <summary>A chunk as a store holds it, with the document it belongs to.</summary>
/// <param name="Key">The store's key for this chunk; stable until its document is replaced.</param>
/// <param name="DocumentId">The document's id.</param>
/// <param name="SourcePath">The document's source path.</param>
/// <param name="Title">The document's title when known.</param>
/// <param name="Index">0-based position of the chunk in its document.</param>
/// <param name="Text">The chunk's text.</param>
/// <param name="Breadcrumb">The headings above the chunk, e.g. "Install › GPU"; empty when none.</param>
/// <param name="TokenCount">Tokens of the text, by the chunker's counter.</param>
/// <param name="PageStart">First page (PDF), else null.</param>
/// <param name="PageEnd">Last page (PDF), else null.</param>
/// <param name="LineStart">First source line, else null.</param>
/// <param name="LineEnd">Last source line, else null.</param>
public sealed record StoredChunk(
    long Key,
    string DocumentId,
    string SourcePath,
    string? Title,
    int Index,
    string Text,
    string Breadcrumb,
    int TokenCount,
    int? PageStart,
    int? PageEnd,
    int? LineStart,
    int? LineEnd);
