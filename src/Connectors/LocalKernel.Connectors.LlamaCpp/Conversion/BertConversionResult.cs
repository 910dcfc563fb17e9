namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>What <see cref="BertGgufConverter"/> wrote.</summary>
/// <param name="OutputPath">The GGUF file.</param>
/// <param name="Name">The model name recorded in <c>general.name</c>.</param>
/// <param name="WeightType">Type of the matrices.</param>
/// <param name="LayerCount">Encoder layers.</param>
/// <param name="EmbeddingLength">Hidden size, which is also the embedding size.</param>
/// <param name="HeadCount">Attention heads.</param>
/// <param name="ContextLength">Longest input, in tokens.</param>
/// <param name="VocabularySize">WordPiece tokens.</param>
/// <param name="Pooling">Pooling recorded in the file.</param>
/// <param name="QueryPrefix">Query prefix recorded in the file, if any.</param>
/// <param name="TensorCount">Tensors written.</param>
/// <param name="FileSize">Bytes written.</param>
public sealed record BertConversionResult(
    string OutputPath,
    string Name,
    GgmlType WeightType,
    int LayerCount,
    int EmbeddingLength,
    int HeadCount,
    int ContextLength,
    int VocabularySize,
    LlamaPoolingType Pooling,
    string? QueryPrefix,
    int TensorCount,
    long FileSize);
