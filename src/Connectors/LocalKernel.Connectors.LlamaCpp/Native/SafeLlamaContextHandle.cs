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

    private readonly List<SafeGgmlThreadpoolHandle> _threadpools = [];

    /// <summary>Makes the next decodes of this context run on <paramref name="threadpool"/>; every pool ever attached
    /// stays alive until the context is freed (llama.cpp keeps the pointer and does not own it).</summary>
    public void AttachThreadpool(SafeGgmlThreadpoolHandle threadpool)
    {
        if (!_threadpools.Contains(threadpool))
        {
            bool added = false;
            threadpool.DangerousAddRef(ref added);
            _threadpools.Add(threadpool);
        }

        NativeMethods.llama_attach_threadpool(this, threadpool.DangerousGetHandle(), threadpool.DangerousGetHandle());
    }

    protected override void Free(IntPtr native)
    {
        NativeMethods.llama_free(native);
        foreach (var threadpool in _threadpools)
        {
            threadpool.DangerousRelease();
        }

        _threadpools.Clear();
    }
}
