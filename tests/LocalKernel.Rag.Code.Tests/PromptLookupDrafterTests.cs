using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Rag.Code.Tests;

/// <summary>What the prompt-lookup drafter proposes (the decoding tests check that the output never changes).</summary>
public sealed class PromptLookupDrafterTests
{
    [Fact]
    public void The_most_recent_longest_match_is_continued()
    {
        // "1 2 3" occurs twice before the tail "2 3"; the later one (followed by 7 8) wins, and the 4-gram "9 1 2 3" is
        // tried before the 2-gram: it matches only the first occurrence, followed by 4 5.
        Assert.Equal([7, 8, 1, 2], Draft([1, 2, 3, 4, 5, 0, 1, 2, 3, 7, 8, 1, 2, 3], 4));
        Assert.Equal([4, 5, 6], Draft([9, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 7, 9, 1, 2, 3], 3));
    }

    [Fact]
    public void A_loop_is_drafted_beyond_its_own_length()
    {
        // The tail "5 6" last occurred two tokens back: the copy overlaps what it drafts, as a loop continues.
        Assert.Equal([5, 6, 5, 6, 5, 6], Draft([1, 5, 6, 5, 6], 6));
    }

    [Fact]
    public void Nothing_is_drafted_without_a_match_or_room()
    {
        Assert.Empty(Draft([1, 2, 3, 4, 5], 4));
        Assert.Empty(Draft([7], 4));
        Assert.Empty(Draft([1, 2, 1, 2], 0));
    }

    private static int[] Draft(int[] tokens, int room)
    {
        var draft = new int[room];
        int count = PromptLookupDrafter.Draft([.. tokens], draft);
        return draft[..count];
    }
}
