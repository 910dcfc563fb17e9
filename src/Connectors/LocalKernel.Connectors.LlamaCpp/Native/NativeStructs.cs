using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

// Layouts copied field by field from the pinned llama.h (llama.cpp v0.5.0, node-llama-cpp 3.22.1).
// C bool is byte; enums are int. Sizes and key offsets are locked by the ABI tests.
// Always start from the llama_*_default_params() values and change fields, never build from zero.
#pragma warning disable IDE1006, CS0649 // C names unchanged; fields are written by native code.

/// <summary>llama_model_params (80 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct llama_model_params
{
    public IntPtr devices;
    public IntPtr tensor_buft_overrides;
    public int n_gpu_layers;
    public int split_mode;
    public int load_mode;
    public int lazy_mode;
    public int main_gpu;
    public IntPtr tensor_split;
    public IntPtr progress_callback;
    public IntPtr progress_callback_user_data;
    public IntPtr kv_overrides;
    public byte vocab_only;
    public byte check_tensors;
    public byte use_extra_bufts;
    public byte no_host;
    public byte no_alloc;
    public byte load_mtp;
}

/// <summary>llama_context_params (160 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct llama_context_params
{
    public uint n_ctx;
    public uint n_batch;
    public uint n_ubatch;
    public uint n_seq_max;
    public uint n_rs_seq;
    public uint n_outputs_max;
    public uint n_outputs_max_per_seq;
    public int n_threads;
    public int n_threads_batch;
    public int ctx_type;
    public int rope_scaling_type;
    public int pooling_type;
    public int attention_type;
    public int flash_attn_type;
    public float rope_freq_base;
    public float rope_freq_scale;
    public float yarn_ext_factor;
    public float yarn_attn_factor;
    public float yarn_beta_fast;
    public float yarn_beta_slow;
    public uint yarn_orig_ctx;
    public float defrag_thold;
    public IntPtr cb_eval;
    public IntPtr cb_eval_user_data;
    public int type_k;
    public int type_v;
    public IntPtr abort_callback;
    public IntPtr abort_callback_data;
    public byte embeddings;
    public byte offload_kqv;
    public byte no_perf;
    public byte op_offload;
    public byte swa_full;
    public byte kv_unified;
    public IntPtr samplers;
    public nuint n_samplers;
    public IntPtr ctx_other;
}

/// <summary>llama_batch (56 bytes). The arrays are owned by llama_batch_init / llama_batch_free.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct llama_batch
{
    public int n_tokens;
    public int* token;
    public float* embd;
    public int* pos;
    public int* n_seq_id;
    public int** seq_id;
    public sbyte* logits;
}

/// <summary>llama_sampler_chain_params (1 byte).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct llama_sampler_chain_params
{
    public byte no_perf;
}

/// <summary>llama_chat_message (16 bytes): two UTF-8 C strings owned by the caller.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct llama_chat_message
{
    public IntPtr role;
    public IntPtr content;
}

/// <summary>llama_token_data (12 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct llama_token_data
{
    public int id;
    public float logit;
    public float p;
}

/// <summary>llama_token_data_array (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct llama_token_data_array
{
    public llama_token_data* data;
    public nuint size;
    public long selected;
    public byte sorted;
}

/// <summary>llama_perf_context_data.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct llama_perf_context_data
{
    public double t_start_ms;
    public double t_load_ms;
    public double t_p_eval_ms;
    public double t_eval_ms;
    public int n_p_eval;
    public int n_eval;
    public int n_reused;
}

/// <summary>llama_model_quantize_params.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct llama_model_quantize_params
{
    public int nthread;
    public int ftype;
    public int output_tensor_type;
    public int token_embedding_type;
    public byte allow_requantize;
    public byte quantize_output_tensor;
    public byte only_copy;
    public byte pure;
    public byte keep_split;
    public byte dry_run;
    public IntPtr imatrix;
    public IntPtr kv_overrides;
    public IntPtr tt_overrides;
    public IntPtr prune_layers;
    public nuint max_buf_size;
}
#pragma warning restore IDE1006, CS0649
