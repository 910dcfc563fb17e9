using System.Text;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

public class TokenTextStreamTests
{
    [Fact]
    public void A_character_split_across_tokens_comes_out_whole()
    {
        var stream = new TokenTextStream(null);
        var euro = Encoding.UTF8.GetBytes("€"); // 3 bytes
        Assert.Equal("", stream.Push(euro.AsSpan(0, 1)));
        Assert.Equal("", stream.Push(euro.AsSpan(1, 1)));
        Assert.Equal("€", stream.Push(euro.AsSpan(2, 1)));
        Assert.Equal("", stream.Flush());
    }

    [Fact]
    public void An_emoji_split_over_four_tokens_comes_out_whole()
    {
        var stream = new TokenTextStream(null);
        var bytes = Encoding.UTF8.GetBytes("a😀b");
        var output = new StringBuilder();
        foreach (var b in bytes)
        {
            output.Append(stream.Push([b]));
        }

        output.Append(stream.Flush());
        Assert.Equal("a😀b", output.ToString());
    }

    [Fact]
    public void A_stop_sequence_spanning_tokens_is_never_emitted()
    {
        var stream = new TokenTextStream(["END"]);
        var output = new StringBuilder();
        foreach (var piece in new[] { "The story", " E", "N", "D of it" })
        {
            output.Append(stream.Push(Encoding.UTF8.GetBytes(piece)));
        }

        Assert.True(stream.Stopped);
        Assert.Equal("The story ", output.ToString());
        Assert.Equal("", stream.Flush());
    }

    [Fact]
    public void Text_that_only_looked_like_a_stop_is_released_when_it_diverges()
    {
        var stream = new TokenTextStream(["END"]);
        Assert.Equal("x ", stream.Push("x E"u8));
        Assert.Equal("", stream.Push("N"u8));
        Assert.Equal("EN!", stream.Push("!"u8));
        Assert.False(stream.Stopped);
    }

    [Fact]
    public void The_earliest_of_several_stop_sequences_wins()
    {
        var stream = new TokenTextStream(["\n\n", "User:"]);
        var emitted = stream.Push("Answer.User: hi\n\n"u8);
        Assert.True(stream.Stopped);
        Assert.Equal("Answer.", emitted);
    }

    [Fact]
    public void Held_back_text_is_released_at_the_end()
    {
        var stream = new TokenTextStream(["STOP"]);
        Assert.Equal("go ", stream.Push("go ST"u8));
        Assert.Equal("ST", stream.Flush());
    }
}
