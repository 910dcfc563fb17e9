using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp;

// The steps of one scheduler iteration; all run on the scheduler thread.
internal sealed partial class LlamaScheduler
{
    /// <summary>Moves waiting requests into free slots, choosing the slot with the longest reusable prefix.</summary>
    private void Admit()
    {
        while (_slots.Any(s => !s.IsBusy) && _waiting.TryDequeue(out var request))
        {
            if (request.CancellationToken.IsCancellationRequested)
            {
                request.Events.Writer.TryComplete(new OperationCanceledException(request.CancellationToken));
                continue;
            }

            var slot = _slots.Where(s => !s.IsBusy)
                .OrderByDescending(s => s.CommonPrefixLength(request.Prompt))
                .ThenBy(s => s.LastUsedTick)
                .First();

            // At least the last prompt token is decoded again: its logits start the generation.
            int reuse = Math.Min(slot.CommonPrefixLength(request.Prompt), request.Prompt.Length - 1);
            _context.TruncateSequence(slot.SequenceId, reuse);
            slot.Cached.RemoveRange(reuse, slot.Cached.Count - reuse);

            slot.Request = request;
            slot.PromptCursor = reuse;
            slot.ReusedPromptTokens = reuse;
            slot.LastUsedTick = ++_tick;
            try
            {
                slot.Sampler = request.Sampling.CreateSampler(Model);
            }
            catch (LlamaException e)
            {
                Fail(slot, e);
                continue;
            }

            slot.Text = new TokenTextStream(request.StopSequences);
            slot.Pending = new PendingText(_textInterval);
            LogAdmitted(_logger, slot.SequenceId, request.Prompt.Length, reuse);
        }
    }

    private void DropCancelled()
    {
        foreach (var slot in _slots)
        {
            if (slot.Request is { CancellationToken.IsCancellationRequested: true } request)
            {
                Fail(slot, new OperationCanceledException(request.CancellationToken), clearCache: false);
            }
        }
    }

    /// <summary>One token per generating slot first (keeps streams smooth), then prompt tokens in the remaining room.</summary>
    private bool BuildBatch()
    {
        _batch.Clear();
        foreach (var slot in _slots)
        {
            slot.BatchIndex = -1;
            if (slot.IsBusy && slot.PromptDone && slot.PendingToken >= 0)
            {
                slot.BatchIndex = _batch.Batch.n_tokens;
                _batch.Add(slot.PendingToken, slot.Cached.Count, slot.SequenceId, wantLogits: true);
                slot.Cached.Add(slot.PendingToken);
                slot.PendingToken = -1;
                if (slot.Request!.MaxDraftTokens > 0)
                {
                    AddDraft(slot);
                }
            }
        }

        // Most steps are pure generation: sort (and allocate) only when some prompt is still being fed.
        var prompting = _slots.Any(s => s.IsBusy && !s.PromptDone)
            ? _slots.Where(s => s.IsBusy && !s.PromptDone).OrderBy(s => s.LastUsedTick)
            : Enumerable.Empty<SequenceSlot>();
        foreach (var slot in prompting)
        {
            var prompt = slot.Request!.Prompt;
            while (slot.PromptCursor < prompt.Length && _batch.Batch.n_tokens < _batch.Capacity)
            {
                bool last = slot.PromptCursor == prompt.Length - 1;
                if (last)
                {
                    slot.BatchIndex = _batch.Batch.n_tokens;
                }

                _batch.Add(prompt[slot.PromptCursor], slot.Cached.Count, slot.SequenceId, wantLogits: last);
                slot.Cached.Add(prompt[slot.PromptCursor]);
                slot.PromptCursor++;
            }
        }

        return _batch.Batch.n_tokens > 0;
    }

    private void SampleOutputs()
    {
        foreach (var slot in _slots)
        {
            if (!slot.IsBusy || slot.BatchIndex < 0)
            {
                continue;
            }

            int token = _context.Sample(slot.Sampler!, slot.BatchIndex);
            int draftStart = slot.BatchIndex + 1;
            slot.BatchIndex = -1;
            if (slot.Draft is { Count: > 0 })
            {
                slot.PendingToken = VerifyDraft(slot, token, draftStart);
                continue;
            }

            slot.Draft = null;
            if (Emit(slot, token))
            {
                slot.PendingToken = token;
            }
        }
    }

    /// <summary>Reports one sampled token; false when it ended the generation (end token, stop sequence, limit).</summary>
    private bool Emit(SequenceSlot slot, int token)
    {
        var request = slot.Request!;
        if (Model.IsEndOfGeneration(token))
        {
            Finish(slot, GenerationStopReason.Stop);
            return false;
        }

        slot.Generated++;
        var text = slot.Text!.Push(Model.TokenToBytes(token, request.RenderSpecialTokens));
        if (text.Length > 0 && slot.Pending!.Add(text) is { } ready)
        {
            request.Events.Writer.TryWrite(new GeneratedText(ready));
        }

        if (slot.Text.Stopped)
        {
            Finish(slot, GenerationStopReason.Stop);
            return false;
        }

        if (slot.Generated >= request.MaxTokens || slot.Cached.Count >= SequenceContextSize)
        {
            Finish(slot, GenerationStopReason.Length);
            return false;
        }

        return true;
    }

    private void Finish(SequenceSlot slot, GenerationStopReason reason)
    {
        var request = slot.Request!;
        var rest = slot.Pending!.Take() + slot.Text!.Flush();
        if (rest.Length > 0)
        {
            request.Events.Writer.TryWrite(new GeneratedText(rest));
        }

        request.Events.Writer.TryWrite(new GenerationFinished(reason, request.Prompt.Length, slot.ReusedPromptTokens, slot.Generated));
        request.Events.Writer.TryComplete();
        LogFinished(_logger, slot.SequenceId, reason, slot.Generated);
        slot.LastUsedTick = ++_tick;
        slot.Release();
    }

    /// <summary>Hands every slot's pending text to its reader (before a long decode, so no text waits on it).</summary>
    private void HandOverPendingText()
    {
        foreach (var slot in _slots)
        {
            if (slot is { Request: { } request, Pending: { } pending } && pending.Take() is { Length: > 0 } text)
            {
                request.Events.Writer.TryWrite(new GeneratedText(text));
            }
        }
    }

    /// <summary>Ends a request with an error. After a failed decode the slot's cache is in an unknown state: forget it.</summary>
    private void Fail(SequenceSlot slot, Exception error, bool clearCache = true)
    {
        slot.Request?.Events.Writer.TryComplete(error);
        if (clearCache)
        {
            _context.TruncateSequence(slot.SequenceId, 0);
            slot.Cached.Clear();
        }

        slot.Release();
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Sequence {Sequence}: prompt of {PromptTokens} tokens, {Reused} reused from the cache")]
    private static partial void LogAdmitted(ILogger logger, int sequence, int promptTokens, int reused);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Sequence {Sequence}: finished ({Reason}) after {Generated} tokens")]
    private static partial void LogFinished(ILogger logger, int sequence, GenerationStopReason reason, int generated);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Generation failed: {Message}")]
    private static partial void LogDecodeFailed(ILogger logger, string message);
}
