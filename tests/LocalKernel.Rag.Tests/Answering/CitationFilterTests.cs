namespace LocalKernel.Rag.Tests;

public class CitationFilterTests
{
    [Theory]
    [InlineData("Paris is the capital [1].", "Paris is the capital [1].", new int[0])]
    [InlineData("Paris is the capital [7].", "Paris is the capital.", new[] { 7 })]
    [InlineData("It rains [2][9] often.", "It rains [2] often.", new[] { 9 })]
    [InlineData("Both [1, 9] say so.", "Both [1] say so.", new[] { 9 })]
    [InlineData("Both [0; 4] say so.", "Both say so.", new[] { 0, 4 })]
    [InlineData("As [Source 2] says.", "As [2] says.", new int[0])]
    [InlineData("See [the appendix] and [3]", "See [the appendix] and [3]", new int[0])]
    [InlineData("Use `args[9]` or items[12] here [1].", "Use `args[9]` or items[12] here [1].", new int[0])]
    [InlineData("A list:\n[9] gone\n[2] kept", "A list:\n gone\n[2] kept", new[] { 9 })]
    [InlineData("Unclosed [12", "Unclosed [12", new int[0])]
    public void Markers_naming_no_source_are_removed_and_the_rest_kept(string input, string expected, int[] removed)
    {
        var filter = new CitationFilter(sourceCount: 3);
        Assert.Equal(expected, filter.Filter(input));
        Assert.Equal(removed, filter.Removed);
    }

    [Fact]
    public void Any_split_of_the_stream_gives_the_same_text_as_filtering_it_whole()
    {
        const string text = "Alpha [1]. Beta [Source 2] and [9]. Gamma [1, 3][12] `x[7]` end [3]";
        var whole = new CitationFilter(3).Filter(text);
        Assert.Equal("Alpha [1]. Beta [2] and. Gamma [1, 3] `x[7]` end [3]", whole.Replace("[1][3]", "[1, 3]", StringComparison.Ordinal));

        for (int a = 0; a <= text.Length; a++)
        {
            for (int b = a; b <= text.Length; b += 3)
            {
                var filter = new CitationFilter(3);
                var streamed = filter.Push(text[..a]) + filter.Push(text[a..b]) + filter.Push(text[b..]) + filter.Flush();
                Assert.Equal(whole, streamed);
                Assert.Equal([1, 2, 3], filter.Cited);
            }
        }
    }
}
