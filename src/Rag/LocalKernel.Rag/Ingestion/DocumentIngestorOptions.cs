namespace LocalKernel.Rag;

/// <summary>Settings of a <see cref="DocumentIngestor"/>. Null properties mean "use the default".</summary>
public sealed class DocumentIngestorOptions
{
    /// <summary>Files hashed, extracted and chunked at the same time. Default: the processor count.</summary>
    public int? MaxParallelExtractions { get; set; }

    /// <summary>Chunks per call to the embedding generator; chunks of several documents share a batch. Default 32.</summary>
    public int? EmbeddingBatchSize { get; set; }

    /// <summary>Limits passed to the extractors. Default <see cref="ExtractionOptions.Default"/>.</summary>
    public ExtractionOptions? Extraction { get; set; }

    /// <summary>Text put before each chunk when it is embedded, for models trained with one (e.g. "passage: " for E5). Default none.</summary>
    public string? DocumentEmbeddingPrefix { get; set; }

    internal int MaxParallelExtractionsOrDefault => Math.Max(1, MaxParallelExtractions ?? Environment.ProcessorCount);

    internal int EmbeddingBatchSizeOrDefault => Math.Max(1, EmbeddingBatchSize ?? 32);
}
