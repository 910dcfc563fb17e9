namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>How <see cref="BertGgufConverter"/> converts a model. Null properties mean "use the default".</summary>
public sealed class BertConversionOptions
{
    /// <summary>Type of the matrices: <see cref="GgmlType.F32"/>, <see cref="GgmlType.F16"/>, <see cref="GgmlType.BF16"/> or
    /// <see cref="GgmlType.Q8_0"/>. Vectors (biases, norms) stay F32. Default F32.</summary>
    public GgmlType? WeightType { get; set; }

    /// <summary>Pooling recorded in the file. Default: what the model is known to use (the packaged
    /// sentence-transformers models, a <c>1_Pooling/config.json</c> beside the ONNX file), else mean.</summary>
    public LlamaPoolingType? Pooling { get; set; }

    /// <summary>Text to put before a search query. Default: the model's own, when known.</summary>
    public string? QueryPrefix { get; set; }

    /// <summary>Text to put before a document. Default: the model's own, when known.</summary>
    public string? DocumentPrefix { get; set; }

    /// <summary>Longest input the model was trained on, recorded as the context length. Default: the model's
    /// <c>max_seq_length</c> when known, else its position table.</summary>
    public int? MaxSequenceLength { get; set; }

    /// <summary><c>general.name</c>. Default: the model's name, else the source file's name.</summary>
    public string? Name { get; set; }
}
