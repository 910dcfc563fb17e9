using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// An owned <c>llama_batch</c> from <c>llama_batch_init</c>. The struct itself lives in native memory
/// (the handle points at it) because <c>llama_batch_free</c> takes the struct by value.
/// Not thread-safe: one batch is filled and decoded by one thread at a time.
/// </summary>
internal sealed unsafe class SafeLlamaBatchHandle : SafeLlamaHandle
{
    /// <summary>How many tokens the batch can hold.</summary>
    public int Capacity { get; private set; }

    /// <summary>How many sequence ids each token can carry.</summary>
    public int MaxSequencesPerToken { get; private set; }

    public static SafeLlamaBatchHandle Create(int capacity, int maxSequencesPerToken = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequencesPerToken, 1);
        var storage = (llama_batch*)NativeMemory.Alloc((nuint)sizeof(llama_batch));
        *storage = NativeMethods.llama_batch_init(capacity, 0, maxSequencesPerToken);
        var handle = new SafeLlamaBatchHandle { Capacity = capacity, MaxSequencesPerToken = maxSequencesPerToken };
        handle.Attach((IntPtr)storage, parent: null);
        return handle;
    }

    /// <summary>The batch struct; valid while the handle is alive.</summary>
    public ref llama_batch Batch => ref *(llama_batch*)handle;

    /// <summary>Empties the batch without freeing its arrays.</summary>
    public void Clear() => Batch.n_tokens = 0;

    /// <summary>Appends one token of one sequence.</summary>
    /// <exception cref="InvalidOperationException">The batch is full.</exception>
    public void Add(int token, int position, int sequenceId, bool wantLogits)
    {
        ref var batch = ref Batch;
        int i = batch.n_tokens;
        if (i >= Capacity)
        {
            throw new InvalidOperationException($"The batch is full ({Capacity} tokens).");
        }

        batch.token[i] = token;
        batch.pos[i] = position;
        batch.n_seq_id[i] = 1;
        batch.seq_id[i][0] = sequenceId;
        batch.logits[i] = wantLogits ? (sbyte)1 : (sbyte)0;
        batch.n_tokens = i + 1;
    }

    protected override void Free(IntPtr native)
    {
        var storage = (llama_batch*)native;
        NativeMethods.llama_batch_free(*storage);
        NativeMemory.Free(storage);
    }
}
