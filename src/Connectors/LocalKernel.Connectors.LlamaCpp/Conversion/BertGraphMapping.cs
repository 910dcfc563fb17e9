namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The hyper-parameters and tensors of a BERT encoder found in an ONNX graph.</summary>
internal sealed record BertGraphMapping(
    int LayerCount,
    int EmbeddingLength,
    int FeedForwardLength,
    int HeadCount,
    int PositionCount,
    int TokenTypeCount,
    int VocabularyRows,
    float LayerNormEpsilon,
    IReadOnlyList<BertTensorRole> Tensors);
