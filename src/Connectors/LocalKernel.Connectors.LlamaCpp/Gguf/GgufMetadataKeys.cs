namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Names of the metadata keys this library reads or writes, as llama.cpp spells them (llama-arch.cpp).
/// Architecture-specific keys are suffixes: combine them with <see cref="GgufFile.GetArchKey"/> or
/// <see cref="ForArchitecture"/>.
/// </summary>
public static class GgufMetadataKeys
{
    /// <summary><c>general.architecture</c>: the model family, for example <c>llama</c>.</summary>
    public const string GeneralArchitecture = "general.architecture";

    /// <summary><c>general.name</c>: a human-readable model name.</summary>
    public const string GeneralName = "general.name";

    /// <summary><c>general.alignment</c>: alignment of tensor data (UInt32, a power of two; 32 when absent).</summary>
    public const string GeneralAlignment = "general.alignment";

    /// <summary><c>general.file_type</c>: the <see cref="LlamaFileType"/> of the weights.</summary>
    public const string GeneralFileType = "general.file_type";

    /// <summary><c>general.quantization_version</c>: version of the quantization formats.</summary>
    public const string GeneralQuantizationVersion = "general.quantization_version";

    /// <summary>Suffix <c>context_length</c>: the context the model was trained for.</summary>
    public const string ContextLength = "context_length";

    /// <summary>Suffix <c>embedding_length</c>: the hidden size (<c>n_embd</c>).</summary>
    public const string EmbeddingLength = "embedding_length";

    /// <summary>Suffix <c>block_count</c>: the number of layers.</summary>
    public const string BlockCount = "block_count";

    /// <summary>Suffix <c>feed_forward_length</c>: the FFN hidden size (<c>n_ff</c>).</summary>
    public const string FeedForwardLength = "feed_forward_length";

    /// <summary>Suffix <c>attention.head_count</c>: attention heads.</summary>
    public const string HeadCount = "attention.head_count";

    /// <summary>Suffix <c>attention.head_count_kv</c>: key/value heads (grouped-query attention); equals the head count when absent.</summary>
    public const string HeadCountKv = "attention.head_count_kv";

    /// <summary>Suffix <c>attention.key_length</c>: size of one key head; <c>n_embd / n_head</c> when absent.</summary>
    public const string KeyLength = "attention.key_length";

    /// <summary>Suffix <c>attention.value_length</c>: size of one value head; <c>n_embd / n_head</c> when absent.</summary>
    public const string ValueLength = "attention.value_length";

    /// <summary>Suffix <c>attention.layer_norm_rms_epsilon</c>: the RMS norm epsilon.</summary>
    public const string RmsNormEpsilon = "attention.layer_norm_rms_epsilon";

    /// <summary>Suffix <c>rope.dimension_count</c>: how many dimensions of a head are rotated.</summary>
    public const string RopeDimensionCount = "rope.dimension_count";

    /// <summary>Suffix <c>rope.freq_base</c>: the RoPE base frequency.</summary>
    public const string RopeFreqBase = "rope.freq_base";

    /// <summary>Suffix <c>vocab_size</c>: the vocabulary size, when the model states it.</summary>
    public const string VocabSize = "vocab_size";

    /// <summary><c>tokenizer.ggml.model</c>: the tokenizer kind, for example <c>llama</c> (SentencePiece) or <c>gpt2</c> (BPE).</summary>
    public const string TokenizerModel = "tokenizer.ggml.model";

    /// <summary><c>tokenizer.ggml.pre</c>: the BPE pre-tokenizer name.</summary>
    public const string TokenizerPre = "tokenizer.ggml.pre";

    /// <summary><c>tokenizer.ggml.tokens</c>: the vocabulary (array of strings).</summary>
    public const string TokenizerTokens = "tokenizer.ggml.tokens";

    /// <summary><c>tokenizer.ggml.scores</c>: SentencePiece scores (array of Float32).</summary>
    public const string TokenizerScores = "tokenizer.ggml.scores";

    /// <summary><c>tokenizer.ggml.token_type</c>: token types (array of Int32: 1 normal, 2 unknown, 3 control, 6 byte, …).</summary>
    public const string TokenizerTokenType = "tokenizer.ggml.token_type";

    /// <summary><c>tokenizer.ggml.bos_token_id</c>: beginning-of-sequence token.</summary>
    public const string TokenizerBosTokenId = "tokenizer.ggml.bos_token_id";

    /// <summary><c>tokenizer.ggml.eos_token_id</c>: end-of-sequence token.</summary>
    public const string TokenizerEosTokenId = "tokenizer.ggml.eos_token_id";

    /// <summary><c>tokenizer.ggml.unknown_token_id</c>: unknown token.</summary>
    public const string TokenizerUnknownTokenId = "tokenizer.ggml.unknown_token_id";

    /// <summary><c>tokenizer.ggml.padding_token_id</c>: padding token.</summary>
    public const string TokenizerPaddingTokenId = "tokenizer.ggml.padding_token_id";

    /// <summary><c>tokenizer.ggml.add_bos_token</c>: whether tokenization prepends BOS.</summary>
    public const string TokenizerAddBosToken = "tokenizer.ggml.add_bos_token";

    /// <summary><c>tokenizer.ggml.add_eos_token</c>: whether tokenization appends EOS.</summary>
    public const string TokenizerAddEosToken = "tokenizer.ggml.add_eos_token";

    /// <summary><c>tokenizer.chat_template</c>: the model's Jinja chat template.</summary>
    public const string TokenizerChatTemplate = "tokenizer.chat_template";

    /// <summary>Combines an architecture and a suffix: <c>ForArchitecture("llama", ContextLength)</c> is <c>llama.context_length</c>.</summary>
    /// <param name="architecture">The architecture, for example <c>llama</c>.</param>
    /// <param name="suffix">One of the suffix constants of this class.</param>
    /// <returns>The full key.</returns>
    public static string ForArchitecture(string architecture, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(architecture);
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        return $"{architecture}.{suffix}";
    }
}
