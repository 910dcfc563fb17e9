namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The facts about a model that people and the memory planner ask for, taken from a <see cref="GgufFile"/>:
/// size, quantization, shape, tokenizer and chat template. Values the file does not state are
/// <see langword="null"/>; defaults are applied only where llama.cpp applies them too.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class GgufModelSummary
{
    private GgufModelSummary()
    {
    }

    /// <summary>Gets the GGUF format version.</summary>
    public uint GgufVersion { get; private init; }

    /// <summary>Gets the file length in bytes.</summary>
    public long FileLength { get; private init; }

    /// <summary>Gets <c>general.architecture</c>, for example <c>llama</c>.</summary>
    public string? Architecture { get; private init; }

    /// <summary>Gets <c>general.name</c>.</summary>
    public string? Name { get; private init; }

    /// <summary>Gets the number of tensors.</summary>
    public int TensorCount { get; private init; }

    /// <summary>Gets the parameter count: the sum of all tensors' element counts.</summary>
    public long ParameterCount { get; private init; }

    /// <summary>Gets the bytes of all tensor data, which is what the weights take in memory.</summary>
    public long TensorBytes { get; private init; }

    /// <summary>Gets the average storage per parameter in bits: <see cref="TensorBytes"/> × 8 / <see cref="ParameterCount"/>.</summary>
    public double BitsPerWeight => ParameterCount == 0 ? 0 : TensorBytes * 8.0 / ParameterCount;

    /// <summary>
    /// Gets the file type: <c>general.file_type</c>, or when that is absent the type llama.cpp guesses from the
    /// most common tensor type (then <see cref="IsFileTypeGuessed"/> is true). Null for a file without tensors.
    /// </summary>
    public LlamaFileType? FileType { get; private init; }

    /// <summary>Gets whether <see cref="FileType"/> was guessed from the tensors rather than read from the file.</summary>
    public bool IsFileTypeGuessed { get; private init; }

    /// <summary>Gets the file type as llama.cpp names it, for example <c>Q4_K - Medium</c> or <c>all F32 (guessed)</c>.</summary>
    public string FileTypeName => FileType is { } type
        ? type.GetDisplayName() + (IsFileTypeGuessed ? " (guessed)" : string.Empty)
        : "unknown";

    /// <summary>Gets the context length the model was trained for (<c>{arch}.context_length</c>).</summary>
    public int? ContextLength { get; private init; }

    /// <summary>Gets the number of layers (<c>{arch}.block_count</c>).</summary>
    public int? BlockCount { get; private init; }

    /// <summary>Gets the number of attention heads; for per-layer values, the largest.</summary>
    public int? HeadCount { get; private init; }

    /// <summary>Gets the number of key/value heads; equals <see cref="HeadCount"/> when the file does not say, as in llama.cpp.</summary>
    public int? HeadCountKv { get; private init; }

    /// <summary>Gets the hidden size (<c>{arch}.embedding_length</c>).</summary>
    public int? EmbeddingLength { get; private init; }

    /// <summary>Gets the feed-forward hidden size; for per-layer values, the largest.</summary>
    public int? FeedForwardLength { get; private init; }

    /// <summary>Gets the size of one key head: <c>{arch}.attention.key_length</c>, else embedding length / head count.</summary>
    public int? KeyLength { get; private init; }

    /// <summary>Gets the size of one value head: <c>{arch}.attention.value_length</c>, else embedding length / head count.</summary>
    public int? ValueLength { get; private init; }

    /// <summary>Gets the head dimension (the key head size), used for the KV cache estimate.</summary>
    public int? HeadDimension => KeyLength;

    /// <summary>Gets <c>tokenizer.ggml.model</c>, for example <c>llama</c> (SentencePiece) or <c>gpt2</c> (byte-level BPE).</summary>
    public string? TokenizerModel { get; private init; }

    /// <summary>Gets the vocabulary size: the length of <c>tokenizer.ggml.tokens</c>, else <c>{arch}.vocab_size</c>.</summary>
    public int? VocabularySize { get; private init; }

    /// <summary>Gets the Jinja chat template (<c>tokenizer.chat_template</c>), or <see langword="null"/> when the model has none.</summary>
    public string? ChatTemplate { get; private init; }

    /// <summary>Gets whether the model carries its own chat template.</summary>
    public bool HasChatTemplate => !string.IsNullOrEmpty(ChatTemplate);

    /// <summary>Gets the beginning-of-sequence token id the file states.</summary>
    public int? BosTokenId { get; private init; }

    /// <summary>Gets the end-of-sequence token id the file states.</summary>
    public int? EosTokenId { get; private init; }

    /// <summary>Gets whether the model is an encoder (<c>{arch}.attention.causal</c> = false, as BERT-like embedding
    /// models state): llama.cpp gives it no KV cache and no vocabulary-sized output.</summary>
    public bool IsEncoder { get; private init; }

    /// <summary>Reads a GGUF file and summarizes it.</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="limits">Reader limits; <see langword="null"/> uses the defaults.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF file.</exception>
    public static GgufModelSummary Read(string path, GgufReadLimits? limits = null) => FromFile(GgufReader.Read(path, limits));

    /// <summary>Summarizes a file that has been read.</summary>
    /// <param name="file">The file.</param>
    /// <returns>The summary.</returns>
    public static GgufModelSummary FromFile(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var embedding = ArchInt(file, GgufMetadataKeys.EmbeddingLength);
        var heads = ArchInt(file, GgufMetadataKeys.HeadCount);
        int? defaultHeadSize = embedding is > 0 && heads is > 0 ? embedding / heads : null;
        var (fileType, guessed) = GetFileType(file);
        file.TryGetString(GgufMetadataKeys.TokenizerChatTemplate, out var chatTemplate);
        file.TryGetString(GgufMetadataKeys.TokenizerModel, out var tokenizer);
        file.TryGetString(GgufMetadataKeys.GeneralName, out var name);

        return new GgufModelSummary
        {
            GgufVersion = file.Version,
            FileLength = file.FileLength,
            Architecture = file.Architecture,
            Name = name,
            TensorCount = file.Tensors.Count,
            ParameterCount = file.ParameterCount,
            TensorBytes = file.TensorDataBytes,
            FileType = fileType,
            IsFileTypeGuessed = guessed,
            ContextLength = ArchInt(file, GgufMetadataKeys.ContextLength),
            BlockCount = ArchInt(file, GgufMetadataKeys.BlockCount),
            HeadCount = heads,
            HeadCountKv = ArchInt(file, GgufMetadataKeys.HeadCountKv) ?? heads,
            EmbeddingLength = embedding,
            FeedForwardLength = ArchInt(file, GgufMetadataKeys.FeedForwardLength),
            KeyLength = ArchInt(file, GgufMetadataKeys.KeyLength) ?? defaultHeadSize,
            ValueLength = ArchInt(file, GgufMetadataKeys.ValueLength) ?? defaultHeadSize,
            TokenizerModel = tokenizer,
            VocabularySize = file.TryGetValue(GgufMetadataKeys.TokenizerTokens, out var tokens) && tokens.IsArray
                ? tokens.ArrayLength
                : ArchInt(file, GgufMetadataKeys.VocabSize),
            ChatTemplate = chatTemplate,
            BosTokenId = file.TryGetInt32(GgufMetadataKeys.TokenizerBosTokenId, out var bos) ? bos : null,
            EosTokenId = file.TryGetInt32(GgufMetadataKeys.TokenizerEosTokenId, out var eos) ? eos : null,
            IsEncoder = file.GetArchValue("attention.causal") is { } causal && causal.TryGetBoolean(out var isCausal) && !isCausal,
        };
    }

    // Some architectures store per-layer values (an array); the largest one bounds memory use.
    private static int? ArchInt(GgufFile file, string suffix)
    {
        var value = file.GetArchValue(suffix);
        if (value is null)
        {
            return null;
        }

        if (value.TryGetInt32(out var scalar))
        {
            return scalar;
        }

        return value.TryGetInt32Array(out var perLayer) && perLayer.Length > 0 ? perLayer.Max() : null;
    }

    private static (LlamaFileType? Type, bool Guessed) GetFileType(GgufFile file)
    {
        if (file.TryGetInt32(GgufMetadataKeys.GeneralFileType, out var stated))
        {
            return ((LlamaFileType)stated, false);
        }

        // llama.cpp's guess: the tensor type that occurs most often (here the first to reach that count on a tie).
        var counts = new Dictionary<GgmlType, int>();
        GgmlType? mostCommon = null;
        foreach (var tensor in file.Tensors)
        {
            counts[tensor.Type] = counts.GetValueOrDefault(tensor.Type) + 1;
            if (mostCommon is null || counts[tensor.Type] > counts[mostCommon.Value])
            {
                mostCommon = tensor.Type;
            }
        }

        return mostCommon is { } type ? (LlamaFileTypeExtensions.FromTensorType(type) ?? LlamaFileType.AllF32, true) : (null, false);
    }
}
