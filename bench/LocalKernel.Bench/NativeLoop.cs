using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Bench;

/// <summary>
/// The direct native loop the throughput benchmarks time: a synthetic prompt decoded in one batch, then greedy tokens
/// fed back one at a time. Also compiled into the GPU check (bench/gpu), so both measure the same way.
/// </summary>
internal static class NativeLoop
{
    /// <summary>A deterministic pseudo-prompt of <paramref name="length"/> tokens (BOS first).</summary>
    public static int[] SyntheticPrompt(LlamaModel model, int length)
    {
        var prompt = Enumerable.Range(0, length).Select(i => 3 + (i * 7919 % (model.VocabSize - 3))).ToArray();
        if (model.BosToken >= 0)
        {
            prompt[0] = model.BosToken;
        }

        return prompt;
    }

    /// <summary>Prompt and generation tokens/s, best of three runs (these machines are shared and noisy), and the
    /// greedy tokens of the last run. Generation has a fixed length: it does not stop at end-of-generation.</summary>
    public static (double Prompt, double Generation, List<int> Tokens) BestOfThree(LlamaContext context, int[] prompt, int generatedTokens)
    {
        double bestPrompt = 0, bestGeneration = 0;
        var tokens = new List<int>(generatedTokens);
        for (int run = 0; run < 3; run++)
        {
            context.ClearMemory();
            var clock = Stopwatch.StartNew();
            context.Decode(prompt, 0);
            bestPrompt = Math.Max(bestPrompt, prompt.Length / clock.Elapsed.TotalSeconds);

            tokens.Clear();
            var next = new int[1];
            clock.Restart();
            for (int i = 0; i < generatedTokens; i++)
            {
                next[0] = ArgMax(context.GetLogits());
                tokens.Add(next[0]);
                context.Decode(next, prompt.Length + i);
            }

            bestGeneration = Math.Max(bestGeneration, generatedTokens / clock.Elapsed.TotalSeconds);
        }

        return (bestPrompt, bestGeneration, tokens);
    }

    /// <summary>The greedy choice: the index of the largest logit.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
