using LocalKernel.Agents;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Code.Tests;

public class TokenBudgetChatReducerTests
{
    // One token per word stands in for the model's tokenizer; the real one is wired by CodeAgent.
    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static List<ChatMessage> Conversation()
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, "you answer about code") };
        for (int turn = 0; turn < 6; turn++)
        {
            messages.Add(new ChatMessage(ChatRole.User, $"question {turn} " + string.Join(' ', Enumerable.Repeat("word", 10))));
            messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call{turn}", "read_file", new Dictionary<string, object?> { ["path"] = "a.cs" })]));
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent($"call{turn}", string.Join(' ', Enumerable.Repeat("line", 30)))]));
            messages.Add(new ChatMessage(ChatRole.Assistant, $"answer {turn}"));
        }

        return messages;
    }

    [Theory]
    [InlineData(60)]
    [InlineData(100)]
    [InlineData(150)]
    [InlineData(230)]
    [InlineData(10_000)]
    public async Task The_history_fits_the_budget_keeps_the_system_message_and_never_splits_a_tool_call_from_its_result(int budget)
    {
        var reducer = new TokenBudgetChatReducer(Words, budget);
        var all = Conversation();

        var reduced = (await reducer.ReduceAsync(all, CancellationToken.None)).ToList();

        Assert.Equal(ChatRole.System, reduced[0].Role);
        Assert.Equal(all[^1], reduced[^1]);
        Assert.True(reduced.Sum(reducer.Count) <= budget || reduced.Count <= 2, $"{reduced.Sum(reducer.Count)} tokens over {budget}");
        var calls = reduced.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).ToHashSet();
        var results = reduced.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.CallId).ToHashSet();
        Assert.Equal(calls, results);
        Assert.Equal(all.Where(reduced.Contains), reduced); // order kept, a suffix of turns
        if (budget >= 10_000)
        {
            Assert.Equal(all, reduced);
        }
        else
        {
            Assert.True(reduced.Count < all.Count);
        }
    }
}
