namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>How the token embeddings of a sequence become one vector (llama.cpp's <c>llama_pooling_type</c>).</summary>
public enum LlamaPoolingType
{
    /// <summary>The model's own setting (<c>{arch}.pooling_type</c>).</summary>
    Unspecified = -1,

    /// <summary>No pooling: one embedding per token.</summary>
    None = 0,

    /// <summary>Mean of the token embeddings.</summary>
    Mean = 1,

    /// <summary>The first token's embedding (BERT's [CLS]).</summary>
    Cls = 2,

    /// <summary>The last token's embedding (decoder-only embedding models).</summary>
    Last = 3,
}
