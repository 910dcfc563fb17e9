namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// One sequence of the shared context (llama-server's "slot"): the request it serves, and the tokens its
/// KV cache holds, which outlive the request so a later one with the same prefix can reuse them.
/// Touched only by the scheduler thread.
/// </summary>
internal sealed class SequenceSlot(int sequenceId)
{
    public int SequenceId { get; } = sequenceId;

    /// <summary>Tokens whose keys and values are in the cache, in position order.</summary>
    public List<int> Cached { get; } = [];

    public GenerationRequest? Request { get; set; }

    public bool IsBusy => Request is not null;

    /// <summary>Next prompt token to feed; equals the prompt length once the prompt is in the cache.</summary>
    public int PromptCursor { get; set; }

    public int ReusedPromptTokens { get; set; }

    public int Generated { get; set; }

    /// <summary>The sampled token not yet fed back to the model, or -1.</summary>
    public int PendingToken { get; set; } = -1;

    /// <summary>Index of this slot's output row in the batch being decoded, or -1.</summary>
    public int BatchIndex { get; set; } = -1;

    public long LastUsedTick { get; set; }

    /// <summary>Draft tokens in the batch being decoded after the pending token (prompt-lookup speculation): the first
    /// <see cref="DraftCount"/> of this buffer, which lives as long as the slot so drafting allocates nothing.</summary>
    public int[] DraftTokens { get; } = new int[PromptLookupDrafter.DefaultMaxDraft];

    public int DraftCount { get; set; }

    /// <summary>Draft tokens to propose next, adapted to how many were confirmed lately.</summary>
    public int DraftLimit { get; set; } = PromptLookupDrafter.InitialDraft;

    /// <summary>Steps since the last draft (drafts judged not worth their cost are probed now and then).</summary>
    public int StepsWithoutDraft { get; set; }

    public SafeLlamaSamplerHandle? Sampler { get; set; }

    public TokenTextStream? Text { get; set; }

    /// <summary>Text generated but not yet handed to the reader.</summary>
    public PendingText? Pending { get; set; }

    public bool PromptDone => Request is not null && PromptCursor >= Request.Prompt.Length;

    /// <summary>Length of the common prefix of the cached tokens and <paramref name="prompt"/>.</summary>
    public int CommonPrefixLength(int[] prompt)
    {
        int n = Math.Min(Cached.Count, prompt.Length);
        int i = 0;
        while (i < n && Cached[i] == prompt[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>Forgets the request (the cached tokens stay for reuse).</summary>
    public void Release()
    {
        Sampler?.Dispose();
        Sampler = null;
        Text = null;
        Pending = null;
        Request = null;
        PendingToken = -1;
        BatchIndex = -1;
        DraftCount = 0;
        DraftLimit = PromptLookupDrafter.InitialDraft;
        StepsWithoutDraft = 0;
        Generated = 0;
        PromptCursor = 0;
        ReusedPromptTokens = 0;
    }
}
