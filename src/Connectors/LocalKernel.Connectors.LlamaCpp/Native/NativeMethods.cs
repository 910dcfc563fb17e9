using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The llama.cpp and ggml C API, declared from the pinned llama.h / ggml-backend.h with C names unchanged.
/// Library names are logical ("llama", "ggml"); <see cref="NativeLibraryLoader"/> maps them to the files
/// of the chosen directory. Functions returning library-owned <c>const char*</c> return a pointer that is
/// read with <see cref="Marshal.PtrToStringUTF8(IntPtr)"/> and never freed by .NET.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string LlamaLibrary = "llama";
    internal const string GgmlLibrary = "ggml";
    internal const string GgmlBaseLibrary = "ggml-base";

    // ---- backend and logging --------------------------------------------------------------

    [LibraryImport(GgmlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string dir_path);

    /// <summary>Loads one backend library and registers it; null when it cannot be loaded (e.g. its runtime is missing).</summary>
    [LibraryImport(GgmlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr ggml_backend_load(string path);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_backend_init();

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_print_system_info();

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_log_set(delegate* unmanaged[Cdecl]<int, IntPtr, IntPtr, void> log_callback, IntPtr user_data);

    [LibraryImport(LlamaLibrary)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_gpu_offload();

    [LibraryImport(LlamaLibrary)]
    internal static partial nuint llama_max_devices();

    [LibraryImport(GgmlLibrary)]
    internal static partial nuint ggml_backend_dev_count();

    [LibraryImport(GgmlLibrary)]
    internal static partial IntPtr ggml_backend_dev_get(nuint index);

    [LibraryImport(GgmlLibrary)]
    internal static partial nuint ggml_backend_reg_count();

    [LibraryImport(GgmlBaseLibrary)]
    internal static partial IntPtr ggml_backend_dev_name(IntPtr device);

    [LibraryImport(GgmlBaseLibrary)]
    internal static partial IntPtr ggml_backend_dev_description(IntPtr device);

    [LibraryImport(GgmlBaseLibrary)]
    internal static partial void ggml_backend_dev_memory(IntPtr device, out nuint free, out nuint total);

    [LibraryImport(GgmlBaseLibrary)]
    internal static partial int ggml_backend_dev_type(IntPtr device);

    // ---- defaults -------------------------------------------------------------------------

    [LibraryImport(LlamaLibrary)]
    internal static partial llama_model_params llama_model_default_params();

    [LibraryImport(LlamaLibrary)]
    internal static partial llama_context_params llama_context_default_params();

    [LibraryImport(LlamaLibrary)]
    internal static partial llama_sampler_chain_params llama_sampler_chain_default_params();

    [LibraryImport(LlamaLibrary)]
    internal static partial llama_model_quantize_params llama_model_quantize_default_params();

    // ---- model ----------------------------------------------------------------------------

    [LibraryImport(LlamaLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_model_load_from_file(string path_model, llama_model_params @params);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_model_free(IntPtr model);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_model_get_vocab(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_model_n_head(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_model_n_head_kv(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary)]
    internal static partial ulong llama_model_size(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary)]
    internal static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buf, nuint buf_size);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_model_chat_template(SafeLlamaModelHandle model, byte* name);

    [LibraryImport(LlamaLibrary)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_model_has_encoder(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_model_has_decoder(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint llama_model_quantize(string fname_inp, string fname_out, llama_model_quantize_params* @params);

    // ---- context --------------------------------------------------------------------------

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_init_from_model(SafeLlamaModelHandle model, llama_context_params @params);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_free(IntPtr ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial uint llama_n_ctx(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial uint llama_n_batch(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial uint llama_n_seq_max(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_pooling_type(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_get_memory(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_memory_clear(IntPtr mem, [MarshalAs(UnmanagedType.U1)] bool data);

    [LibraryImport(LlamaLibrary)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_memory_seq_rm(IntPtr mem, int seq_id, int p0, int p1);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_memory_seq_cp(IntPtr mem, int seq_id_src, int seq_id_dst, int p0, int p1);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_memory_seq_pos_max(IntPtr mem, int seq_id);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_decode(SafeLlamaContextHandle ctx, llama_batch batch);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_encode(SafeLlamaContextHandle ctx, llama_batch batch);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_set_n_threads(SafeLlamaContextHandle ctx, int n_threads, int n_threads_batch);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_n_threads(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_n_threads_batch(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_set_embeddings(SafeLlamaContextHandle ctx, [MarshalAs(UnmanagedType.U1)] bool embeddings);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_set_abort_callback(SafeLlamaContextHandle ctx, delegate* unmanaged[Cdecl]<IntPtr, byte> abort_callback, IntPtr abort_callback_data);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_synchronize(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial float* llama_get_logits_ith(SafeLlamaContextHandle ctx, int i);

    [LibraryImport(LlamaLibrary)]
    internal static partial float* llama_get_embeddings_ith(SafeLlamaContextHandle ctx, int i);

    [LibraryImport(LlamaLibrary)]
    internal static partial float* llama_get_embeddings_seq(SafeLlamaContextHandle ctx, int seq_id);

    [LibraryImport(LlamaLibrary)]
    internal static partial llama_perf_context_data llama_perf_context(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_perf_context_reset(SafeLlamaContextHandle ctx);

    // ---- batch ----------------------------------------------------------------------------

    [LibraryImport(LlamaLibrary)]
    internal static partial llama_batch llama_batch_init(int n_tokens, int embd, int n_seq_max);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_batch_free(llama_batch batch);
}
