namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>How a <see cref="LlamaEmbeddingGenerator"/> embeds. Null properties mean "use the default".</summary>
public sealed class LlamaEmbeddingGeneratorOptions
{
    /// <summary>Most tokens of one input; a longer input is an error naming this limit. Default: the model's
    /// training context, at most 2048.</summary>
    public int? MaxInputTokens { get; set; }

    /// <summary>Most tokens decoded in one llama_decode call, across inputs. Default: 1024 (512 for encoders such as
    /// BERT, whose attention spans the whole batch), at least <see cref="MaxInputTokens"/>.
    /// llama.cpp allocates a vocabulary-sized float row per batch token, so large values cost memory.</summary>
    public int? BatchTokens { get; set; }

    /// <summary>Most inputs decoded together (one sequence each). Default 64.</summary>
    public int? MaxInputsPerBatch { get; set; }

    /// <summary>How token vectors become one vector. Default: the model's own pooling, or mean pooling when the
    /// model states none (decoder-only chat models).</summary>
    public LlamaPoolingType? Pooling { get; set; }

    /// <summary>Scale every vector to unit length, so a dot product is the cosine similarity. Default true.</summary>
    public bool? Normalize { get; set; }

    /// <summary>CPU threads, fixed. Default: adaptive, per decode, up to the physical cores (see <see cref="LlamaThreading"/>).</summary>
    public int? Threads { get; set; }

    /// <summary>Cut inputs longer than <see cref="MaxInputTokens"/> to that length (keeping the model's closing
    /// separator token) instead of failing, as sentence-transformers does. Default false: a long input is an error.</summary>
    public bool? TruncateInputs { get; set; }

    /// <summary>The model id reported in metadata and embeddings. Default: the model file's name.</summary>
    public string? ModelId { get; set; }
}
