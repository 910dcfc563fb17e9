using System.Threading.Channels;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>One generation submitted to the <see cref="LlamaScheduler"/>; its events arrive on <see cref="Events"/>.</summary>
internal sealed class GenerationRequest
{
    public required int[] Prompt { get; init; }

    public required SamplingParameters Sampling { get; init; }

    public int MaxTokens { get; init; } = int.MaxValue;

    public IReadOnlyList<string>? StopSequences { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>Render control tokens (e.g. <c>&lt;tool_call&gt;</c>) as their text, so a tool-call parser sees them.</summary>
    public bool RenderSpecialTokens { get; init; }

    /// <summary>Draft tokens verified per step by prompt-lookup speculation; 0 = off. Only for plain greedy sampling.</summary>
    public int MaxDraftTokens { get; init; }

    /// <summary>Text pieces, then one <see cref="GenerationFinished"/>; completed with an exception on failure or cancellation.</summary>
    public Channel<GenerationEvent> Events { get; } = Channel.CreateUnbounded<GenerationEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false });
}

/// <summary>What the scheduler reports about a request.</summary>
internal abstract record GenerationEvent;

/// <summary>Text ready to show (never part of a stop sequence, never half a character).</summary>
internal sealed record GeneratedText(string Text) : GenerationEvent;

/// <summary>The end of a generation.</summary>
/// <param name="Reason">Why it ended.</param>
/// <param name="PromptTokens">Tokens of the prompt.</param>
/// <param name="CachedPromptTokens">Prompt tokens whose KV cache was reused instead of decoded.</param>
/// <param name="OutputTokens">Tokens generated.</param>
internal sealed record GenerationFinished(GenerationStopReason Reason, int PromptTokens, int CachedPromptTokens, int OutputTokens) : GenerationEvent;

/// <summary>Why a generation ended.</summary>
internal enum GenerationStopReason
{
    /// <summary>The model produced an end-of-generation token or a stop sequence.</summary>
    Stop,

    /// <summary>The token limit or the context was reached.</summary>
    Length,
}
