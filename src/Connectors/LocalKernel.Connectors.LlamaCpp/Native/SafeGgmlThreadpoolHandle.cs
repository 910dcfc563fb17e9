namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// An owned <c>ggml_threadpool*</c>: worker threads that live as long as the context using them, instead of
/// ggml creating and joining threads for every graph it computes. Created with polling off, so idle workers sleep on
/// a condition variable between decodes rather than spinning on a core the application (or another process) needs.
/// </summary>
internal sealed unsafe class SafeGgmlThreadpoolHandle : SafeLlamaHandle
{
    private static readonly Lazy<(IntPtr New, IntPtr Free)> s_functions = new(FindFunctions);

    private SafeGgmlThreadpoolHandle(int threads) => Threads = threads;

    /// <summary>The most threads a decode can use with this pool.</summary>
    public int Threads { get; }

    /// <summary>Creates a pool of <paramref name="threads"/> threads (the caller's thread counts as one).</summary>
    /// <param name="threads">Threads, at least 1.</param>
    /// <param name="poll">ggml's polling level, 0 (sleep as soon as there is no work) to 100.</param>
    /// <exception cref="LlamaException">The CPU backend does not offer threadpools, or the pool could not be created.</exception>
    public static SafeGgmlThreadpoolHandle Create(int threads, uint poll = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var (create, _) = s_functions.Value;
        var parameters = NativeMethods.ggml_threadpool_params_default(threads);
        parameters.poll = poll;
        var native = ((delegate* unmanaged[Cdecl]<ggml_threadpool_params*, IntPtr>)create)(&parameters);
        if (native == IntPtr.Zero)
        {
            throw new LlamaException(LlamaStatus.ContextCreationFailed, $"ggml could not create a threadpool of {threads} threads.");
        }

        var handle = new SafeGgmlThreadpoolHandle(threads);
        handle.Attach(native, parent: null);
        return handle;
    }

    protected override void Free(IntPtr native) =>
        ((delegate* unmanaged[Cdecl]<IntPtr, void>)s_functions.Value.Free)(native);

    private static (IntPtr, IntPtr) FindFunctions()
    {
        var cpu = NativeMethods.ggml_backend_reg_by_name("CPU");
        var create = cpu == IntPtr.Zero ? IntPtr.Zero : NativeMethods.ggml_backend_reg_get_proc_address(cpu, "ggml_threadpool_new");
        var free = cpu == IntPtr.Zero ? IntPtr.Zero : NativeMethods.ggml_backend_reg_get_proc_address(cpu, "ggml_threadpool_free");
        if (create == IntPtr.Zero || free == IntPtr.Zero)
        {
            throw new LlamaException(LlamaStatus.ContextCreationFailed, "The loaded ggml CPU backend does not export ggml_threadpool_new.");
        }

        return (create, free);
    }
}
