using System.Text;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A GGUF model loaded into llama.cpp: the weights and the vocabulary, shared by every context and
/// request. The file is validated in managed code before llama.cpp sees it, so a malformed file is a
/// <see cref="GgufFormatException"/>, never a native crash. Thread-safe: the weights are read-only
/// after loading and the tokenizer functions of llama.cpp are reentrant.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private readonly SafeLlamaModelHandle _handle;
    private readonly IntPtr _vocab;

    private LlamaModel(string path, GgufFile gguf, SafeLlamaModelHandle handle)
    {
        FilePath = path;
        Gguf = gguf;
        _handle = handle;
        _vocab = handle.Vocab;
        VocabSize = NativeMethods.llama_vocab_n_tokens(_vocab);
        EmbeddingSize = NativeMethods.llama_model_n_embd(handle);
        TrainContextLength = NativeMethods.llama_model_n_ctx_train(handle);
        LayerCount = NativeMethods.llama_model_n_layer(handle);
        BosToken = NativeMethods.llama_vocab_bos(_vocab);
        EosToken = NativeMethods.llama_vocab_eos(_vocab);
        AddsBosToken = NativeMethods.llama_vocab_get_add_bos(_vocab);
        ParameterCount = (long)NativeMethods.llama_model_n_params(handle);
        SizeBytes = (long)NativeMethods.llama_model_size(handle);
        Description = ReadDescription(handle);
        ChatTemplate = ReadChatTemplate(handle);
    }

    /// <summary>The model file.</summary>
    public string FilePath { get; }

    /// <summary>The file's metadata and tensor table, as read by the managed validator.</summary>
    public GgufFile Gguf { get; }

    /// <summary>Number of tokens in the vocabulary.</summary>
    public int VocabSize { get; }

    /// <summary>Size of the model's hidden state (and of its embeddings).</summary>
    public int EmbeddingSize { get; }

    /// <summary>The context length the model was trained with.</summary>
    public int TrainContextLength { get; }

    /// <summary>Number of transformer layers.</summary>
    public int LayerCount { get; }

    /// <summary>Beginning-of-sequence token id (-1 when the vocabulary has none).</summary>
    public int BosToken { get; }

    /// <summary>End-of-sequence token id (-1 when the vocabulary has none).</summary>
    public int EosToken { get; }

    /// <summary>Whether tokenizing with special tokens prepends <see cref="BosToken"/>.</summary>
    public bool AddsBosToken { get; }

    /// <summary>Parameter count as llama.cpp counts it.</summary>
    public long ParameterCount { get; }

    /// <summary>Bytes of all tensors.</summary>
    public long SizeBytes { get; }

    /// <summary>llama.cpp's one-line description (architecture, size, quantization).</summary>
    public string Description { get; }

    /// <summary>The model's Jinja chat template (<c>tokenizer.chat_template</c>), or null when it has none.</summary>
    public string? ChatTemplate { get; }

    internal SafeLlamaModelHandle Handle => _handle;

    internal IntPtr Vocab => _vocab;

    /// <summary>Validates and loads a GGUF model.</summary>
    /// <param name="path">The .gguf file.</param>
    /// <param name="options">Load options; null for the defaults.</param>
    /// <param name="loggerFactory">Receives the native log when this call is the first to load llama.cpp.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF (names the problem and the byte offset).</exception>
    /// <exception cref="LlamaException">The native libraries are missing, or llama.cpp refused the model
    /// (e.g. an architecture it does not know, or tensors it does not expect).</exception>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var gguf = GgufReader.Read(fullPath);

        var backend = LlamaBackend.EnsureLoaded(options?.Backend, loggerFactory);
        var parameters = NativeMethods.llama_model_default_params();
        parameters.n_gpu_layers = ResolveGpuLayers(options?.GpuLayers ?? parameters.n_gpu_layers, gguf, backend);
        if (options?.CheckMemory ?? true)
        {
            CheckWeightsFit(gguf, fullPath, backend);
        }

        parameters.vocab_only = (byte)(options?.VocabOnly == true ? 1 : 0);
        if (options?.UseMemoryMap == false)
        {
            parameters.load_mode = 0; // LLAMA_LOAD_MODE_NONE: read instead of mmap
        }

        NativeLogBridge.TakeLastProblem();
        SafeLlamaModelHandle handle;
        try
        {
            handle = SafeLlamaModelHandle.LoadFromFile(fullPath, parameters);
        }
        catch (LlamaException e) when (NativeLogBridge.TakeLastProblem() is { } reason)
        {
            throw new LlamaException(e.Status, $"{e.Message} llama.cpp said: {reason}", e);
        }

        return new LlamaModel(fullPath, gguf, handle);
    }

    /// <summary>Converts text to token ids.</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecial">Add the BOS/EOS tokens the model asks for.</param>
    /// <param name="parseSpecial">Turn special-token text (e.g. <c>&lt;|im_start|&gt;</c>) into those tokens instead of plain text.</param>
    /// <exception cref="LlamaException">The text has more tokens than an int32 can count.</exception>
    public int[] Tokenize(string text, bool addSpecial = true, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TokenizeUtf8(Encoding.UTF8.GetBytes(text), addSpecial, parseSpecial);
    }

    /// <summary>Tokenizes UTF-8 bytes as they are (llama.cpp's tokenizers work on bytes).</summary>
    internal unsafe int[] TokenizeUtf8(ReadOnlySpan<byte> utf8, bool addSpecial, bool parseSpecial)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        // One token per byte plus specials is an upper bound for every tokenizer llama.cpp has.
        var tokens = new int[utf8.Length + 8];
        fixed (byte* b = utf8)
        {
            int n;
            fixed (int* t = tokens)
            {
                n = NativeMethods.llama_tokenize(_vocab, b, utf8.Length, t, tokens.Length, addSpecial, parseSpecial);
            }

            if (n == int.MinValue)
            {
                throw new LlamaException(LlamaStatus.TokenizationFailed, "The text has more tokens than can be counted.");
            }

            if (n < 0)
            {
                tokens = new int[-n];
                fixed (int* t = tokens)
                {
                    n = NativeMethods.llama_tokenize(_vocab, b, utf8.Length, t, tokens.Length, addSpecial, parseSpecial);
                }
            }

            return n == tokens.Length ? tokens : tokens[..n];
        }
    }

    /// <summary>The raw bytes of one token. Pieces can split a UTF-8 character: decode text from accumulated bytes.</summary>
    /// <param name="token">The token id.</param>
    /// <param name="special">Render control tokens (e.g. <c>&lt;/s&gt;</c>) as their text instead of nothing.</param>
    public unsafe byte[] TokenToBytes(int token, bool special = false)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        Span<byte> buffer = stackalloc byte[128];
        fixed (byte* b = buffer)
        {
            int n = NativeMethods.llama_token_to_piece(_vocab, token, b, buffer.Length, 0, special);
            if (n >= 0)
            {
                return buffer[..n].ToArray();
            }
        }

        var large = new byte[-NativeMethods.llama_token_to_piece(_vocab, token, null, 0, 0, special)];
        fixed (byte* b = large)
        {
            NativeMethods.llama_token_to_piece(_vocab, token, b, large.Length, 0, special);
        }

        return large;
    }

    /// <summary>Turns tokens back into text, decoding UTF-8 from the concatenated bytes of their pieces.</summary>
    public string Detokenize(IEnumerable<int> tokens, bool special = false)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            bytes.AddRange(TokenToBytes(token, special));
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>True for tokens that end generation (EOS, EOT and the model's other end-of-generation tokens).</summary>
    public bool IsEndOfGeneration(int token) => NativeMethods.llama_vocab_is_eog(_vocab, token);

    /// <summary>Frees the weights once no context uses them any more.</summary>
    public void Dispose() => _handle.Dispose();

    private static int ResolveGpuLayers(int requested, GgufFile gguf, LlamaBackendInfo backend)
    {
        if (requested != LlamaModelOptions.AutoGpuLayers)
        {
            return requested;
        }

        var gpu = backend.Devices.FirstOrDefault(d => d.Kind is "GPU" or "IGPU");
        int context = Math.Min(GgufModelSummary.FromFile(gguf).ContextLength ?? 4096, 4096);
        return gpu is null ? 0 : LlamaMemoryPlanner.RecommendGpuLayers(gguf, context, gpu.FreeMemoryBytes);
    }

    private static void CheckWeightsFit(GgufFile gguf, string path, LlamaBackendInfo backend)
    {
        if (backend.HasGpu || SystemMemory.TotalBytes is not { } total || gguf.TensorDataBytes <= total)
        {
            return;
        }

        throw new LlamaException(LlamaStatus.InsufficientMemory,
            $"The model '{Path.GetFileName(path)}' needs {gguf.TensorDataBytes / 1073741824.0:F1} GiB for its weights but this machine has " +
            $"{total / 1073741824.0:F1} GiB of memory. Use a smaller quantization (e.g. Q4_K_M: kb model quantize) or a smaller model.");
    }

    private static unsafe string ReadDescription(SafeLlamaModelHandle handle)
    {
        Span<byte> buffer = stackalloc byte[256];
        fixed (byte* b = buffer)
        {
            int n = NativeMethods.llama_model_desc(handle, b, (nuint)buffer.Length);
            return n <= 0 ? string.Empty : Encoding.UTF8.GetString(buffer[..Math.Min(n, buffer.Length - 1)]);
        }
    }

    private static unsafe string? ReadChatTemplate(SafeLlamaModelHandle handle)
    {
        // Owned by llama.cpp: read, never free.
        var pointer = NativeMethods.llama_model_chat_template(handle, null);
        return pointer == IntPtr.Zero ? null : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(pointer);
    }
}
