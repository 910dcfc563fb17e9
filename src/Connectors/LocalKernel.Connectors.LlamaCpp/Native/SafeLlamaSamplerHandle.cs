namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>An owned sampler chain (<c>llama_sampler*</c>); the samplers added to it are owned by the chain.</summary>
internal sealed class SafeLlamaSamplerHandle : SafeLlamaHandle
{
    /// <summary>Creates an empty chain; <paramref name="vocabOwner"/> is kept alive when samplers refer to its vocab (grammar).</summary>
    public static SafeLlamaSamplerHandle CreateChain(SafeLlamaModelHandle? vocabOwner = null)
    {
        var parameters = NativeMethods.llama_sampler_chain_default_params();
        parameters.no_perf = 1;
        var native = NativeMethods.llama_sampler_chain_init(parameters);
        if (native == IntPtr.Zero)
        {
            throw new LlamaException(LlamaStatus.SamplerCreationFailed, "llama.cpp could not create a sampler chain.");
        }

        var handle = new SafeLlamaSamplerHandle();
        handle.Attach(native, vocabOwner);
        return handle;
    }

    /// <summary>Adds a sampler; the chain takes ownership (llama_sampler_chain_add), so it is never freed separately.</summary>
    /// <exception cref="LlamaException">The sampler pointer is null (e.g. a grammar that failed to parse).</exception>
    public void Add(IntPtr sampler, string what)
    {
        if (sampler == IntPtr.Zero)
        {
            throw new LlamaException(LlamaStatus.SamplerCreationFailed, $"llama.cpp could not create the {what} sampler.");
        }

        NativeMethods.llama_sampler_chain_add(this, sampler);
    }

    protected override void Free(IntPtr native) => NativeMethods.llama_sampler_free(native);
}
