namespace LocalKernel.Rag;

/// <summary>How <see cref="StructuredChunker"/> sizes chunks, in tokens of its <see cref="ITokenCounter"/>. Null
/// properties mean "use the default".</summary>
public sealed class ChunkingOptions
{
    /// <summary>Most tokens in a chunk's <see cref="DocumentChunk.Text"/>. Default 256. The breadcrumb prepended when
    /// embedding is not counted; leave room for it below the embedding model's context.</summary>
    public int? MaxTokens { get; set; }

    /// <summary>Tokens repeated from the end of the previous chunk of the same section: whole sentences (or lines of code
    /// and tables) only, so no chunk opens mid-sentence; none when the last sentence alone is longer. Default 32; 0
    /// disables overlap. Must be less than <see cref="MaxTokens"/>.</summary>
    public int? OverlapTokens { get; set; }

    internal int MaxTokensOrDefault => MaxTokens ?? 256;

    internal int OverlapTokensOrDefault => OverlapTokens ?? 32;
}
