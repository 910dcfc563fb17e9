using System.Diagnostics;

namespace LocalKernel.Connectors.LlamaCpp;

// Speculative decoding by prompt lookup: the scheduler's hooks (after a slot's pending token joins the batch, when its
// outputs are sampled, around each decode, and when it counts the batch's prompt tokens) call into this file; everything
// else of speculation lives here.
internal sealed partial class LlamaScheduler
{
    // How fast the throughput estimates forget: per decode.
    private const double RateDecay = 0.9;

    // Without a draft for this many steps (drafts judged not worth their cost), drafts are tried again to re-measure.
    private const int ProbeInterval = 16;

    private long _draftedTokens;
    private long _acceptedDraftTokens;
    private double _plainRate;
    private double _draftRate;
    private int _acceptedInBatch;
    private double _lastDecodeSeconds;
    private int _lastDecodeGenerating;

    /// <summary>Draft tokens in the batch being built or decoded (they are generation, not prompt, tokens).</summary>
    private int _draftTokensInBatch;

    /// <summary>Draft tokens proposed and how many of them the model confirmed, since the scheduler started.</summary>
    public (long Drafted, long Accepted) SpeculationCounts => (Interlocked.Read(ref _draftedTokens), Interlocked.Read(ref _acceptedDraftTokens));

    /// <summary>Adds draft tokens after the slot's pending token (already in the batch at <see cref="SequenceSlot.BatchIndex"/>),
    /// each with its logits, so the one decode that feeds the pending token also verifies them all.</summary>
    private void AddDraft(SequenceSlot slot)
    {
        slot.DraftCount = 0;
        var request = slot.Request!;
        int room = Math.Min(
            Math.Min(Math.Min(request.MaxDraftTokens, slot.DraftLimit), _batch.Capacity - _batch.Batch.n_tokens),
            Math.Min(SequenceContextSize - slot.Cached.Count - 1, request.MaxTokens - slot.Generated - 1));
        room = Math.Min(room, WorthwhileDraft(slot));
        if (room <= 0)
        {
            return;
        }

        var draft = slot.DraftTokens.AsSpan(0, Math.Min(room, slot.DraftTokens.Length));
        int count = PromptLookupDrafter.Draft(slot.Cached, draft);
        int position = slot.Cached.Count;
        for (int i = 0; i < count; i++)
        {
            _batch.Add(draft[i], position + i, slot.SequenceId, wantLogits: true);
        }

        slot.DraftCount = count;
        slot.StepsWithoutDraft = count > 0 ? 0 : slot.StepsWithoutDraft;
        _draftTokensInBatch += count;
        Interlocked.Add(ref _draftedTokens, count);
    }

    /// <summary>
    /// Whether drafting pays on this model and machine: the tokens per second of decodes with drafts (the pending tokens
    /// plus the confirmed drafts, over the decode time) against those of decodes without. On a small model a step is
    /// mostly fixed overhead and drafts are nearly free; on a CPU-bound larger one every drafted token costs almost a
    /// step, and only drafts that are nearly always right help. When drafting measured slower, drafts stop except for a
    /// probe every <see cref="ProbeInterval"/> steps, which keeps the measurement current (outputs turn repetitive).
    /// </summary>
    private int WorthwhileDraft(SequenceSlot slot)
    {
        if (_plainRate == 0 || _draftRate == 0 || _draftRate >= _plainRate)
        {
            return PromptLookupDrafter.DefaultMaxDraft;
        }

        return ++slot.StepsWithoutDraft >= ProbeInterval ? PromptLookupDrafter.DefaultMaxDraft : 0;
    }

    /// <summary>Adds a decode's throughput to the estimates; prompt batches (a different, larger shape) are left out.</summary>
    private void RecordDecodeTime(long startTimestamp)
    {
        int n = _batch.Batch.n_tokens;
        int generating = n - _draftTokensInBatch;
        if (generating > _slots.Length)
        {
            return;
        }

        double seconds = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        // Confirmed drafts are known only after sampling: the rate of a draft decode is recorded in SampleOutputs' wake,
        // when VerifyDraft has counted them (see RecordDraftRate).
        _lastDecodeSeconds = seconds;
        _lastDecodeGenerating = generating;
        if (_draftTokensInBatch == 0)
        {
            _plainRate = Blend(_plainRate, generating / seconds);
        }
    }

    /// <summary>After a decode with drafts has been verified: its tokens per second (pending tokens plus confirmed drafts).</summary>
    private void RecordDraftRate()
    {
        if (_draftTokensInBatch > 0 && _lastDecodeSeconds > 0)
        {
            _draftRate = Blend(_draftRate, (_lastDecodeGenerating + _acceptedInBatch) / _lastDecodeSeconds);
        }

        _acceptedInBatch = 0;
        _lastDecodeSeconds = 0;
    }

    private static double Blend(double average, double sample) => average == 0 ? sample : RateDecay * average + (1 - RateDecay) * sample;

    /// <summary>
    /// Walks the draft: while the model's greedy token equals the next draft token, that token is emitted and the model's
    /// choice after it is read from the draft token's own logits. The first disagreement (or the end of the draft) leaves
    /// the model's token pending, exactly as plain greedy decoding would have; the cache keeps only confirmed tokens.
    /// </summary>
    /// <returns>The token to leave pending, or -1 when the generation finished.</returns>
    private int VerifyDraft(SequenceSlot slot, int token, int firstDraftBatchIndex)
    {
        int drafted = slot.DraftCount;
        slot.DraftCount = 0;
        int accepted = 0;
        bool running = true;
        // The cache grows token by token as in plain decoding, so the context limit stops at the same token.
        while (accepted < drafted && token == slot.DraftTokens[accepted])
        {
            if (!(running = Emit(slot, token)))
            {
                break;
            }

            slot.Cached.Add(token);
            token = Argmax(firstDraftBatchIndex + accepted);
            accepted++;
        }

        // Keys and values of rejected draft tokens must go: the next decode writes the true tokens at those positions.
        if (accepted < drafted)
        {
            _context.TruncateSequence(slot.SequenceId, slot.Cached.Count);
        }

        Interlocked.Add(ref _acceptedDraftTokens, accepted);
        _acceptedInBatch += accepted;
        slot.DraftLimit = accepted == drafted ? Math.Min(2 * slot.DraftLimit, PromptLookupDrafter.DefaultMaxDraft) : accepted + 1;
        return running && Emit(slot, token) ? token : -1;
    }

    /// <summary>The token of output row <paramref name="batchIndex"/> for a speculating request: its sampler is plain greedy
    /// (<see cref="SamplingParameters.IsPlainGreedy"/>), which keeps no state, so the argmax of the logits is the same
    /// token. Read here rather than through llama_sampler_sample, which copies the whole vocabulary into a candidate
    /// array for every token, confirmed draft tokens included.</summary>
    private int Argmax(int batchIndex)
    {
        var logits = _context.GetLogits(batchIndex);
        // llama.cpp's greedy sampler: the first index whose logit is strictly greater than every earlier one.
        int best = 0;
        float max = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > max)
            {
                max = logits[i];
                best = i;
            }
        }

        return best;
    }
}
