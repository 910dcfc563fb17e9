namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>An owned <c>llama_context*</c>; keeps its model alive.</summary>
internal sealed class SafeLlamaContextHandle : SafeLlamaHandle
{
    /// <exception cref="LlamaException">The context could not be created (usually memory for the KV cache).</exception>
    public static SafeLlamaContextHandle Create(SafeLlamaModelHandle model, llama_context_params parameters)
    {
        ObjectDisposedException.ThrowIf(model.IsClosed || model.IsInvalid, model);
        var native = NativeMethods.llama_init_from_model(model, parameters);
        if (native == IntPtr.Zero)
        {
            throw new LlamaException(LlamaStatus.ContextCreationFailed,
                $"llama.cpp could not create a context of {parameters.n_ctx} tokens (see the native log; usually not enough memory for the KV cache).");
        }

        var handle = new SafeLlamaContextHandle();
        handle.Attach(native, model);
        return handle;
    }

    protected override void Free(IntPtr native) => NativeMethods.llama_free(native);
}
