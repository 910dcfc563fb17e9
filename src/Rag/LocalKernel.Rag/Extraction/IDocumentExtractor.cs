namespace LocalKernel.Rag;

/// <summary>Turns the bytes of one kind of file into an <see cref="ExtractedDocument"/>.</summary>
/// <remarks>Implementations are stateless and thread-safe: extraction runs in parallel.</remarks>
public interface IDocumentExtractor
{
    /// <summary>The MIME types this extractor handles (e.g. "text/markdown").</summary>
    IReadOnlyCollection<string> ContentTypes { get; }

    /// <summary>Extracts the document read from <paramref name="content"/>.</summary>
    /// <param name="content">The file's bytes; read only, never disposed by the extractor.</param>
    /// <param name="options">Size and complexity limits.</param>
    /// <param name="cancellationToken">Stops a long extraction.</param>
    /// <exception cref="DocumentExtractionException">The content is malformed, encrypted, binary, or over a limit.</exception>
    Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionOptions options, CancellationToken cancellationToken = default);
}
