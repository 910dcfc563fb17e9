namespace LocalKernel.Rag.Tests;

/// <summary>The simplest chunker: one chunk per block that is not a heading. Stands in for the real structured chunker.</summary>
internal static class ParagraphChunker
{
    public static IReadOnlyList<DocumentChunk> Chunk(ExtractedDocument document) =>
        document.Blocks
            .Where(b => b.Kind != BlockKind.Heading)
            .Select((b, i) => new DocumentChunk(i, b.Text, b.HeadingPath, ApproximateTokenCounter.Instance.CountTokens(b.Text), b.Page, b.Page, b.StartLine, b.EndLine))
            .ToList();
}
