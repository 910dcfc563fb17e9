namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Plain decoding loops over a <see cref="LlamaContext"/>: greedy continuation and perplexity. They are
/// the reference the chat client is checked and benchmarked against.
/// </summary>
internal static class GreedyDecoding
{
    /// <summary>Greedily continues <paramref name="prompt"/> for up to <paramref name="maxTokens"/> tokens (stops at end of generation).</summary>
    public static List<int> Generate(LlamaContext context, ReadOnlySpan<int> prompt, int maxTokens) =>
        [.. Continue(context, prompt.ToArray(), maxTokens)];

    /// <summary>Lazily yields the greedy continuation (see the overload that takes a sampler).</summary>
    public static IEnumerable<int> Continue(LlamaContext context, int[] prompt, int maxTokens)
    {
        using var sampler = SafeLlamaSamplerHandle.CreateChain();
        sampler.Add(NativeMethods.llama_sampler_init_greedy(), "greedy");
        foreach (var token in Continue(context, prompt, sampler, maxTokens))
        {
            yield return token;
        }
    }

    /// <summary>
    /// Lazily yields the continuation chosen by <paramref name="sampler"/> (which accepts each token it picks): the
    /// prompt is decoded on the first MoveNext, then one token per step. Stops at end of generation, after
    /// <paramref name="maxTokens"/>, or when the context is full.
    /// </summary>
    /// <param name="context">The context to decode in (its memory is cleared first).</param>
    /// <param name="prompt">The prompt tokens.</param>
    /// <param name="sampler">The sampler chain.</param>
    /// <param name="maxTokens">The most tokens to yield.</param>
    /// <param name="written">Tokens taken as already generated (e.g. a tool-call trigger): decoded after the prompt and
    /// accepted by the sampler before sampling starts; not yielded.</param>
    public static IEnumerable<int> Continue(LlamaContext context, int[] prompt, SafeLlamaSamplerHandle sampler, int maxTokens, int[]? written = null)
    {
        context.ClearMemory();
        context.Decode([.. prompt, .. written ?? []], 0);
        foreach (var token in written ?? [])
        {
            NativeMethods.llama_sampler_accept(sampler, token);
        }

        var next = new int[1];
        for (int position = prompt.Length + (written?.Length ?? 0), generated = 0; generated < maxTokens && position < context.ContextSize; generated++)
        {
            int token = context.Sample(sampler, -1);
            if (context.Model.IsEndOfGeneration(token))
            {
                yield break;
            }

            yield return token;
            if (generated + 1 < maxTokens)
            {
                // The last token is not fed back: nothing would read its logits.
                next[0] = token;
                context.Decode(next, position++);
            }
        }
    }

    /// <summary>
    /// Perplexity of <paramref name="tokens"/> (which start with BOS): exp of the mean negative
    /// log-likelihood of each token given the ones before it. Tokens must fit one batch.
    /// </summary>
    public static double Perplexity(LlamaContext context, ReadOnlySpan<int> tokens)
    {
        if (tokens.Length < 2)
        {
            throw new ArgumentException("Perplexity needs at least two tokens.", nameof(tokens));
        }

        context.ClearMemory();
        context.Decode(tokens, 0, outputs: DecodeOutputs.All);
        double negativeLogLikelihood = 0;
        for (int i = 0; i < tokens.Length - 1; i++)
        {
            negativeLogLikelihood -= LogSoftmax(context.GetLogits(i), tokens[i + 1]);
        }

        return Math.Exp(negativeLogLikelihood / (tokens.Length - 1));
    }

    private static double LogSoftmax(ReadOnlySpan<float> logits, int target)
    {
        float max = float.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        double sum = 0;
        foreach (var l in logits)
        {
            sum += Math.Exp(l - max);
        }

        return logits[target] - max - Math.Log(sum);
    }
}
