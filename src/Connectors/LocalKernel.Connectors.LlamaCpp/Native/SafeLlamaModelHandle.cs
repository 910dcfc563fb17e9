namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>An owned <c>llama_model*</c>, freed with <c>llama_model_free</c>.</summary>
internal sealed class SafeLlamaModelHandle : SafeLlamaHandle
{
    /// <summary>Loads a model. The file must already have passed managed GGUF validation.</summary>
    /// <exception cref="LlamaException">llama.cpp could not load the file.</exception>
    public static SafeLlamaModelHandle LoadFromFile(string path, llama_model_params parameters)
    {
        var native = NativeMethods.llama_model_load_from_file(path, parameters);
        if (native == IntPtr.Zero)
        {
            throw new LlamaException(LlamaStatus.ModelLoadFailed,
                $"llama.cpp could not load the model '{path}' (see the native log for the reason).");
        }

        var handle = new SafeLlamaModelHandle();
        handle.Attach(native, parent: null);
        return handle;
    }

    /// <summary>The model's vocabulary; valid while this handle is alive.</summary>
    public IntPtr Vocab => NativeMethods.llama_model_get_vocab(this);

    protected override void Free(IntPtr native) => NativeMethods.llama_model_free(native);
}
