namespace LocalKernel.Connectors.LlamaCpp;

// Speculative decoding by prompt lookup: the scheduler's two hooks (after a slot's pending token joins the batch, and
// after its first token is sampled) call into this file; everything else of speculation lives here.
internal sealed partial class LlamaScheduler
{
    private long _draftedTokens;
    private long _acceptedDraftTokens;

    /// <summary>Draft tokens proposed and how many of them the model confirmed, since the scheduler started.</summary>
    public (long Drafted, long Accepted) SpeculationCounts => (Interlocked.Read(ref _draftedTokens), Interlocked.Read(ref _acceptedDraftTokens));

    /// <summary>Adds draft tokens after the slot's pending token (already in the batch at <see cref="SequenceSlot.BatchIndex"/>),
    /// each with its logits, so one decode verifies them all.</summary>
    private void AddDraft(SequenceSlot slot)
    {
        slot.Draft = [];
        var request = slot.Request!;
        int room = Math.Min(
            Math.Min(Math.Min(request.MaxDraftTokens, slot.DraftLimit), _batch.Capacity - _batch.Batch.n_tokens),
            Math.Min(SequenceContextSize - slot.Cached.Count - 1, request.MaxTokens - slot.Generated - 1));
        if (room <= 0)
        {
            return;
        }

        var draft = PromptLookupDrafter.Draft(slot.Cached, room);
        foreach (var token in draft)
        {
            _batch.Add(token, slot.Cached.Count + slot.Draft.Count, slot.SequenceId, wantLogits: true);
            slot.Draft.Add(token);
        }

        Interlocked.Add(ref _draftedTokens, draft.Length);
    }

    /// <summary>
    /// Walks the draft: while the model's greedy token equals the next draft token, that token is emitted and the model's
    /// choice after it is read from the draft token's own logits. The first disagreement (or the end of the draft) leaves
    /// the model's token pending, exactly as plain greedy decoding would have; the cache keeps only confirmed tokens.
    /// </summary>
    /// <returns>The token to leave pending, or -1 when the generation finished.</returns>
    private int VerifyDraft(SequenceSlot slot, int token, int firstDraftBatchIndex)
    {
        var draft = slot.Draft!;
        slot.Draft = null;
        int accepted = 0;
        bool running = true;
        // The cache grows token by token as in plain decoding, so the context limit stops at the same token.
        while (accepted < draft.Count && token == draft[accepted])
        {
            if (!(running = Emit(slot, token)))
            {
                break;
            }

            slot.Cached.Add(token);
            token = _context.Sample(slot.Sampler!, firstDraftBatchIndex + accepted);
            accepted++;
        }

        // Keys and values of rejected draft tokens must go: the next decode writes the true tokens at those positions.
        _context.TruncateSequence(slot.SequenceId, slot.Cached.Count);
        Interlocked.Add(ref _acceptedDraftTokens, accepted);
        slot.DraftLimit = accepted == draft.Count ? Math.Min(2 * slot.DraftLimit, PromptLookupDrafter.DefaultMaxDraft) : accepted + 1;
        return running && Emit(slot, token) ? token : -1;
    }
}
