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
    public static SampledText Generate(LlamaContext context, int[] prompt, SafeLlamaSamplerHandle sampler, int maxTokens)
    {
        context.ClearMemory();
        context.Decode(prompt, 0);
        var tokens = new List<int>();
        var next = new int[1];
        for (int position = prompt.Length; tokens.Count < maxTokens; position++)
        {
            int token = context.Sample(sampler, -1);
            if (context.Model.IsEndOfGeneration(token))
            {
                return new SampledText(tokens, context.Model.Detokenize(tokens), ReachedTokenLimit: false);
            }

            tokens.Add(token);
            if (position + 1 >= context.ContextSize)
            {
                break;
            }

            next[0] = token;
            context.Decode(next, position);
        }

        return new SampledText(tokens, context.Model.Detokenize(tokens), ReachedTokenLimit: true);
    }
}

/// <summary>What <see cref="SampledDecoding.Generate"/> produced.</summary>
/// <param name="Tokens">The generated tokens (end of generation excluded).</param>
/// <param name="Text">Their text.</param>
/// <param name="ReachedTokenLimit">True when generation stopped at the token limit or a full context, not by itself.</param>
internal sealed record SampledText(IReadOnlyList<int> Tokens, string Text, bool ReachedTokenLimit);
