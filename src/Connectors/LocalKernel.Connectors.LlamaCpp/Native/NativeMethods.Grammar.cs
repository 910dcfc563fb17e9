using System.Runtime.InteropServices;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

// The lazy grammar sampler: unconstrained until a trigger (a token or a regex over the generated text) appears,
// then constrained from the trigger on. Tool calls in "auto" mode use it.
internal static unsafe partial class NativeMethods
{
    // trigger_patterns: ECMAScript regexes (std::regex) matched against all text generated so far; the grammar is fed
    // from the first capture group (or the whole match); a pattern written ^...$ must match all of it.
    // trigger_tokens: tokens that start the grammar, the token included. Returns null when the grammar does not parse.
    [LibraryImport(LlamaLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_sampler_init_grammar_lazy_patterns(IntPtr vocab, string grammar_str, string grammar_root,
        byte** trigger_patterns, nuint num_trigger_patterns, int* trigger_tokens, nuint num_trigger_tokens);

    /// <summary>Marshals the trigger lists for <see cref="llama_sampler_init_grammar_lazy_patterns"/> (llama.cpp copies them).</summary>
    /// <returns>The sampler, or <see cref="IntPtr.Zero"/> when the grammar does not parse.</returns>
    internal static IntPtr InitLazyGrammar(IntPtr vocab, string grammar, IReadOnlyList<string> patterns, IReadOnlyList<int> tokens)
    {
        var handles = new GCHandle[patterns.Count];
        var pointers = new IntPtr[patterns.Count];
        try
        {
            for (int i = 0; i < patterns.Count; i++)
            {
                var bytes = Encoding.UTF8.GetBytes(patterns[i] + "\0");
                handles[i] = GCHandle.Alloc(bytes, GCHandleType.Pinned);
                pointers[i] = handles[i].AddrOfPinnedObject();
            }

            var tokenArray = tokens.ToArray();
            fixed (IntPtr* patternPointers = pointers)
            fixed (int* tokenPointer = tokenArray)
            {
                return llama_sampler_init_grammar_lazy_patterns(vocab, grammar, "root", (byte**)patternPointers, (nuint)patterns.Count,
                    tokenPointer, (nuint)tokenArray.Length);
            }
        }
        finally
        {
            foreach (var handle in handles)
            {
                if (handle.IsAllocated)
                {
                    handle.Free();
                }
            }
        }
    }
}
