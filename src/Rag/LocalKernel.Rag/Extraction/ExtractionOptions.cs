namespace LocalKernel.Rag;

/// <summary>Limits that keep extraction bounded in time and memory (a decompression bomb or a huge file fails fast).
/// Null properties mean "use the default".</summary>
public sealed class ExtractionOptions
{
    /// <summary>Largest file accepted, in bytes. Default 100 MiB.</summary>
    public long? MaxFileBytes { get; set; }

    /// <summary>Largest decompressed stream (PDF content stream, DOCX part), in bytes. Default 64 MiB.</summary>
    public long? MaxDecompressedBytes { get; set; }

    /// <summary>Most pages read from a paged document: a longer one is cut there, and <see cref="ExtractedDocument.Warnings"/>
    /// says so. Default 2,000.</summary>
    public int? MaxPages { get; set; }

    /// <summary>Deepest nesting of embedded parts that is followed: PDF form XObjects drawn inside forms, Markdown
    /// containers (quotes, lists) inside each other. Default 16; values above 100 count as 100, since deeper recursion
    /// would put the stack at risk. Deeper PDF forms fail with <see cref="ExtractionFailure.TooLarge"/>; deeper Markdown
    /// containers are kept as flattened text.</summary>
    public int? MaxNestingDepth { get; set; }

    /// <summary>Default options.</summary>
    public static ExtractionOptions Default { get; } = new();

    internal long MaxFileBytesOrDefault => MaxFileBytes ?? 100L * 1024 * 1024;

    internal long MaxDecompressedBytesOrDefault => MaxDecompressedBytes ?? 64L * 1024 * 1024;

    internal int MaxPagesOrDefault => MaxPages ?? 2000;

    internal int MaxNestingDepthOrDefault => Math.Clamp(MaxNestingDepth ?? 16, 1, 100);
}
