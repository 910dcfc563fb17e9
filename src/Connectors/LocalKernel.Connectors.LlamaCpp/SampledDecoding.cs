namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A plain decoding loop with any sampler chain (grammar, temperature, seed), outside the scheduler: the reference
/// for constrained generation, used by the grammar tests.
/// </summary>
internal static class SampledDecoding
{
    /// <summary>
    /// Decodes <paramref name="prompt"/> and samples up to <paramref name="maxTokens"/> tokens with <paramref name="sampler"/>
    /// (which accepts each token it picks). Stops at end of generation; a grammar that is complete makes that the only
    /// choice.
    /// </summary>
    /// <param name="context">The context to decode in (its memory is cleared first).</param>
    /// <param name="prompt">The prompt tokens.</param>
    /// <param name="sampler">The sampler chain.</param>
    /// <param name="maxTokens">The most tokens to sample.</param>
    /// <param name="written">Tokens taken as already generated (e.g. a tool-call trigger): decoded after the prompt and
    /// accepted by the sampler before sampling starts; not part of the result.</param>
    public static SampledText Generate(LlamaContext context, int[] prompt, SafeLlamaSamplerHandle sampler, int maxTokens, int[]? written = null)
    {
        var tokens = GreedyDecoding.Continue(context, prompt, sampler, maxTokens, written).ToList();
        bool stoppedEarly = tokens.Count == maxTokens || prompt.Length + (written?.Length ?? 0) + tokens.Count >= context.ContextSize;
        return new SampledText(tokens, context.Model.Detokenize(tokens), ReachedTokenLimit: stoppedEarly);
    }
}

/// <summary>What <see cref="SampledDecoding.Generate"/> produced.</summary>
/// <param name="Tokens">The generated tokens (end of generation excluded).</param>
/// <param name="Text">Their text.</param>
/// <param name="ReachedTokenLimit">True when generation stopped at the token limit or a full context, not by itself.</param>
internal sealed record SampledText(IReadOnlyList<int> Tokens, string Text, bool ReachedTokenLimit);
