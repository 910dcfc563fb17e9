using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// The struct layouts must match the pinned llama.h byte for byte: a wrong layout passes garbage to
/// llama.cpp silently. Sizes and offsets come from the header (DESIGN.md); the default values read
/// back from the library prove the fields line up with what the C code writes.
/// </summary>
public class AbiTests
{
    [Theory]
    [InlineData(typeof(llama_model_params), 80)]
    [InlineData(typeof(llama_context_params), 160)]
    [InlineData(typeof(llama_batch), 56)]
    [InlineData(typeof(llama_sampler_chain_params), 1)]
    [InlineData(typeof(llama_chat_message), 16)]
    [InlineData(typeof(llama_token_data), 12)]
    [InlineData(typeof(llama_token_data_array), 32)]
    [InlineData(typeof(llama_model_quantize_params), 64)]
    [InlineData(typeof(ggml_threadpool_params), 528)]
    public void Struct_sizes_match_the_header(Type type, int expected) =>
        Assert.Equal(expected, Marshal.SizeOf(type));

    [Theory]
    [InlineData(typeof(llama_model_params), nameof(llama_model_params.n_gpu_layers), 16)]
    [InlineData(typeof(llama_model_params), nameof(llama_model_params.tensor_split), 40)]
    [InlineData(typeof(llama_model_params), nameof(llama_model_params.vocab_only), 72)]
    [InlineData(typeof(llama_context_params), nameof(llama_context_params.n_threads), 28)]
    [InlineData(typeof(llama_context_params), nameof(llama_context_params.rope_freq_base), 56)]
    [InlineData(typeof(llama_context_params), nameof(llama_context_params.type_k), 104)]
    [InlineData(typeof(llama_context_params), nameof(llama_context_params.embeddings), 128)]
    [InlineData(typeof(llama_context_params), nameof(llama_context_params.samplers), 136)]
    [InlineData(typeof(llama_context_params), nameof(llama_context_params.ctx_other), 152)]
    [InlineData(typeof(llama_batch), nameof(llama_batch.token), 8)]
    [InlineData(typeof(llama_batch), nameof(llama_batch.logits), 48)]
    [InlineData(typeof(llama_model_quantize_params), nameof(llama_model_quantize_params.imatrix), 24)]
    [InlineData(typeof(ggml_threadpool_params), nameof(ggml_threadpool_params.n_threads), 512)]
    [InlineData(typeof(ggml_threadpool_params), nameof(ggml_threadpool_params.prio), 516)]
    [InlineData(typeof(ggml_threadpool_params), nameof(ggml_threadpool_params.poll), 520)]
    [InlineData(typeof(ggml_threadpool_params), nameof(ggml_threadpool_params.strict_cpu), 524)]
    [InlineData(typeof(ggml_threadpool_params), nameof(ggml_threadpool_params.paused), 525)]
    public void Field_offsets_match_the_header(Type type, string field, int expected) =>
        Assert.Equal(expected, (int)Marshal.OffsetOf(type, field));

    [Fact]
    public void Default_context_params_read_back_with_the_values_llama_cpp_sets()
    {
        LlamaBackend.EnsureLoaded();
        var p = NativeMethods.llama_context_default_params();
        Assert.Equal(512u, p.n_ctx);
        Assert.Equal(2048u, p.n_batch);
        Assert.Equal(512u, p.n_ubatch);
        Assert.Equal(1u, p.n_seq_max);
        Assert.Equal(1u, p.n_outputs_max_per_seq);
        Assert.Equal(4, p.n_threads);
        Assert.Equal(-1, p.flash_attn_type);
        Assert.Equal(-1.0f, p.yarn_ext_factor);
        Assert.Equal(-1.0f, p.defrag_thold);
        Assert.Equal(1, p.type_k); // GGML_TYPE_F16
        Assert.Equal(1, p.type_v);
        Assert.Equal(0, p.embeddings);
        Assert.Equal(1, p.offload_kqv);
        Assert.Equal(1, p.no_perf);
        Assert.Equal(1, p.swa_full);
        Assert.Equal(0, p.kv_unified);
        Assert.Equal(IntPtr.Zero, p.ctx_other);
    }

    [Fact]
    public void Default_model_params_read_back_with_the_values_llama_cpp_sets()
    {
        LlamaBackend.EnsureLoaded();
        var p = NativeMethods.llama_model_default_params();
        Assert.Equal(-1, p.n_gpu_layers);
        Assert.Equal(1, p.split_mode); // LLAMA_SPLIT_MODE_LAYER
        Assert.Equal(-1, p.load_mode); // LLAMA_LOAD_MODE_AUTO
        Assert.Equal(1, p.lazy_mode);  // LLAMA_LAZY_MODE_AUTO
        Assert.Equal(0, p.vocab_only);
        Assert.Equal(1, p.use_extra_bufts);
        Assert.Equal(0, p.load_mtp);
    }

    [Fact]
    public void Default_sampler_chain_and_quantize_params_read_back_with_the_values_llama_cpp_sets()
    {
        LlamaBackend.EnsureLoaded();
        Assert.Equal(1, NativeMethods.llama_sampler_chain_default_params().no_perf);
        var q = NativeMethods.llama_model_quantize_default_params();
        Assert.Equal(0, q.nthread);
        Assert.Equal(7, q.ftype); // LLAMA_FTYPE_MOSTLY_Q8_0
        Assert.Equal(0, q.allow_requantize);
        Assert.Equal(1, q.quantize_output_tensor);
        Assert.Equal(0, q.dry_run);
        Assert.Equal(IntPtr.Zero, q.imatrix);
        Assert.True(q.max_buf_size > 0);
    }

    [Fact]
    public unsafe void Default_threadpool_params_read_back_with_the_values_ggml_sets()
    {
        LlamaBackend.EnsureLoaded();
        var p = NativeMethods.ggml_threadpool_params_default(3);
        Assert.Equal(3, p.n_threads);
        Assert.Equal(0, p.prio);        // GGML_SCHED_PRIO_NORMAL
        Assert.Equal(50u, p.poll);      // hybrid polling, which LocalKernel turns off
        Assert.Equal(0, p.strict_cpu);
        Assert.Equal(0, p.paused);
        for (int i = 0; i < 512; i++)
        {
            Assert.Equal(0, p.cpumask[i]); // all zero: the inherited affinity
        }
    }
}
