using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

// Vocabulary, tokenizer, chat template and sampler functions. The vocab pointer is owned by its model:
// callers keep the model handle alive (SafeLlamaModelHandle.Vocab does so through its owner).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_vocab_type(IntPtr vocab);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_vocab_n_tokens(IntPtr vocab);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_vocab_bos(IntPtr vocab);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_vocab_eos(IntPtr vocab);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_vocab_eot(IntPtr vocab);

    [LibraryImport(LlamaLibrary)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_eog(IntPtr vocab, int token);

    [LibraryImport(LlamaLibrary)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_control(IntPtr vocab, int token);

    [LibraryImport(LlamaLibrary)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_bos(IntPtr vocab);

    [LibraryImport(LlamaLibrary)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_eos(IntPtr vocab);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_vocab_get_text(IntPtr vocab, int token);

    /// <returns>The token count, or its negation when <paramref name="n_tokens_max"/> is too small; int.MinValue on overflow.</returns>
    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_tokenize(IntPtr vocab, byte* text, int text_len, int* tokens, int n_tokens_max,
        [MarshalAs(UnmanagedType.U1)] bool add_special, [MarshalAs(UnmanagedType.U1)] bool parse_special);

    /// <returns>The piece length, or its negation when <paramref name="length"/> is too small.</returns>
    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_token_to_piece(IntPtr vocab, int token, byte* buf, int length, int lstrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_chat_apply_template(byte* tmpl, llama_chat_message* chat, nuint n_msg,
        [MarshalAs(UnmanagedType.U1)] bool add_ass, byte* buf, int length);

    // ---- samplers: a chain owns the samplers added to it ----------------------------------

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_sampler_chain_init(llama_sampler_chain_params @params);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, IntPtr smpl);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_sampler_free(IntPtr smpl);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_sampler_reset(SafeLlamaSamplerHandle smpl);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_sampler_accept(SafeLlamaSamplerHandle smpl, int token);

    [LibraryImport(LlamaLibrary)]
    internal static partial int llama_sampler_sample(SafeLlamaSamplerHandle smpl, SafeLlamaContextHandle ctx, int idx);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_sampler_init_greedy();

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_sampler_init_dist(uint seed);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_sampler_init_top_k(int k);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_sampler_init_top_p(float p, nuint min_keep);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_sampler_init_min_p(float p, nuint min_keep);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_sampler_init_temp(float t);

    [LibraryImport(LlamaLibrary)]
    internal static partial IntPtr llama_sampler_init_penalties(int n_vocab, int penalty_last_n, float penalty_repeat,
        float penalty_freq, float penalty_present);

    [LibraryImport(LlamaLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_sampler_init_grammar(IntPtr vocab, string grammar_str, string grammar_root);
}
