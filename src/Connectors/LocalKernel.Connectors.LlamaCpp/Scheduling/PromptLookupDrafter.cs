using System.Runtime.InteropServices;

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

    /// <summary>Fills <paramref name="draft"/> with the tokens that followed the most recent earlier occurrence of
    /// the sequence's last n tokens (n from <see cref="MaxNgram"/> down to <see cref="MinNgram"/>);
    /// returns its length, or 0 when nothing matches. Allocates nothing: it runs every step.</summary>
    public static int Draft(List<int> tokens, Span<int> draft)
    {
        if (draft.IsEmpty)
        {
            return 0;
        }

        ReadOnlySpan<int> all = CollectionsMarshal.AsSpan(tokens);
        int count = all.Length;
        for (int n = Math.Min(MaxNgram, count - 1); n >= MinNgram; n--)
        {
            // An earlier occurrence starts at most one token before the tail itself, so it ends before the last token
            // and at least one token follows it. LastIndexOf is vectorised: the search costs microseconds per step.
            int start = all[..(count - 1)].LastIndexOf(all[(count - n)..]);
            if (start < 0)
            {
                continue;
            }

            // Past the end of the sequence the copy continues with the draft itself (a copy that overlaps its source, as
            // in LZ77): a loop of p tokens drafts a whole draft length, not just p tokens.
            int from = start + n;
            for (int i = 0; i < draft.Length; i++)
            {
                int source = from + i;
                draft[i] = source < count ? all[source] : draft[source - count];
            }

            return draft.Length;
        }

        return 0;
    }
}
