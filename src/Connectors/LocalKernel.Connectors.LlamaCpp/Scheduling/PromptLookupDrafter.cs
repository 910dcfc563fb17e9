namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Drafts tokens for speculative decoding by prompt lookup: the last few tokens of a sequence are searched for earlier in
/// the same sequence (prompt and output), and the tokens that followed that earlier occurrence are proposed as the next
/// ones. Answers about code copy long spans of their prompt, so the drafts are often right; the scheduler verifies
/// every draft token against the model's own greedy choice, so the output never changes.
/// </summary>
internal static class PromptLookupDrafter
{
    /// <summary>Draft tokens proposed at most per step.</summary>
    public const int DefaultMaxDraft = 16;

    /// <summary>Draft tokens proposed at first; the scheduler doubles the count after a fully confirmed draft and cuts
    /// it to one more than the confirmed tokens after a rejection, so wrong drafts cost little (every draft token
    /// is computed, confirmed or not).</summary>
    public const int InitialDraft = 4;

    /// <summary>The longest n-gram looked up (longer matches predict better; tried first).</summary>
    public const int MaxNgram = 4;

    /// <summary>The shortest n-gram looked up: single tokens match too often to predict well.</summary>
    public const int MinNgram = 2;

    /// <summary>Up to <paramref name="maxDraft"/> tokens that followed the most recent earlier occurrence of the
    /// sequence's last n tokens (n from <see cref="MaxNgram"/> down to <see cref="MinNgram"/>); empty when none.</summary>
    public static int[] Draft(IReadOnlyList<int> tokens, int maxDraft)
    {
        if (maxDraft <= 0)
        {
            return [];
        }

        int count = tokens.Count;
        for (int n = Math.Min(MaxNgram, count - 1); n >= MinNgram; n--)
        {
            int tail = count - n;
            // Most recent occurrence first: nearby text predicts the continuation best.
            for (int start = tail - 1; start >= 0; start--)
            {
                if (!Matches(tokens, start, tail, n))
                {
                    continue;
                }

                int from = start + n;
                int length = Math.Min(maxDraft, count - from);
                if (length <= 0)
                {
                    continue;
                }

                var draft = new int[length];
                for (int i = 0; i < length; i++)
                {
                    draft[i] = tokens[from + i];
                }

                return draft;
            }
        }

        return [];
    }

    private static bool Matches(IReadOnlyList<int> tokens, int a, int b, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (tokens[a + i] != tokens[b + i])
            {
                return false;
            }
        }

        return true;
    }
}
