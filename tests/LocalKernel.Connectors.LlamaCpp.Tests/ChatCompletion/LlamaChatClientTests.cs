using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>The chat client end to end on the real stories260K model (it has no template: ChatML is used).</summary>
public sealed class LlamaChatClientTests : IDisposable
{
    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 32 };
    private readonly LlamaModel _model = LlamaModel.Load(TestPaths.Stories260K);

    public void Dispose() => _model.Dispose();

    private LlamaChatClient Client(int parallel = 2, int context = 256, bool trim = false) =>
        new(_model, new LlamaChatClientOptions { ParallelRequests = parallel, ContextSize = context, TrimHistoryToFit = trim });

    private static List<ChatMessage> Ask(string text) => [new(ChatRole.User, text)];

    [Fact]
    public async Task Streaming_yields_text_then_a_finish_reason_and_usage()
    {
        using var client = Client();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Ask("Once upon a time"), Greedy))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count > 2);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        var last = updates[^1];
        Assert.NotNull(last.FinishReason);
        var usage = Assert.Single(last.Contents.OfType<UsageContent>()).Details;
        Assert.True(usage.InputTokenCount > 5);
        Assert.InRange(usage.OutputTokenCount!.Value, 1, 32);
        Assert.False(string.IsNullOrWhiteSpace(string.Concat(updates.Select(u => u.Text))));
        Assert.Equal("stories260K", last.ModelId);
    }

    [Fact]
    public async Task GetResponse_is_the_stream_collected()
    {
        using var client = Client();
        var response = await client.GetResponseAsync(Ask("Once upon a time"), Greedy);
        var streamed = string.Concat(await client.GetStreamingResponseAsync(Ask("Once upon a time"), Greedy).Select(u => u.Text).ToListAsync());
        Assert.Equal(streamed, response.Text);
    }

    [Fact]
    public async Task Max_output_tokens_ends_with_finish_reason_length()
    {
        using var client = Client();
        var response = await client.GetResponseAsync(Ask("Once upon a time"), new ChatOptions { Temperature = 0, MaxOutputTokens = 5 });
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(5, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task A_stop_sequence_ends_generation_and_is_not_emitted()
    {
        using var client = Client();
        var free = (await client.GetResponseAsync(Ask("Once upon a time"), Greedy)).Text;
        // Stop at a word in the middle of the free continuation; it spans several tokens of this vocabulary.
        var words = free.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var stop = words.First(w => w.Length >= 4 && free.IndexOf(w, StringComparison.Ordinal) > 3);
        var stopped = await client.GetResponseAsync(Ask("Once upon a time"), new ChatOptions { Temperature = 0, MaxOutputTokens = 32, StopSequences = [stop] });

        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
        Assert.DoesNotContain(stop, stopped.Text, StringComparison.Ordinal);
        Assert.Equal(free[..free.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_sampled_text()
    {
        using var client = Client();
        var options = new ChatOptions { Temperature = 1.0f, Seed = 42, MaxOutputTokens = 24 };
        var a = await client.GetResponseAsync(Ask("The dog"), options);
        var b = await client.GetResponseAsync(Ask("The dog"), options);
        Assert.Equal(a.Text, b.Text);
    }

    [Fact]
    public async Task Cancellation_stops_the_stream_and_frees_the_sequence()
    {
        using var client = Client(parallel: 1);
        using var cts = new CancellationTokenSource();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Ask("Once upon a time"), new ChatOptions { Temperature = 0 }, cts.Token))
            {
                if (++seen == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(2, seen);
        // With one sequence only, a second request completes only if the first freed it.
        var next = await client.GetResponseAsync(Ask("Lily"), Greedy).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(next.FinishReason);
    }

    [Fact]
    public async Task Abandoning_a_stream_frees_its_sequence()
    {
        using var client = Client(parallel: 1);
        await foreach (var _ in client.GetStreamingResponseAsync(Ask("Once upon a time"), new ChatOptions { Temperature = 0 }))
        {
            break;
        }

        var next = await client.GetResponseAsync(Ask("Lily"), Greedy).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(next.FinishReason);
    }

    [Fact]
    public void A_conversation_longer_than_the_context_is_an_error_naming_both_numbers()
    {
        using var client = Client(context: 64);
        var e = Assert.Throws<LlamaException>(() => client.GetStreamingResponseAsync(Ask(string.Join(' ', Enumerable.Repeat("the little dog ran", 40)))));
        Assert.Equal(LlamaStatus.ContextOverflow, e.Status);
        Assert.Matches(@"\d+ tokens long but the context holds 64 tokens", e.Message);
    }

    [Fact]
    public async Task Trimming_drops_the_oldest_turns_and_keeps_the_system_message()
    {
        using var client = Client(context: 96, trim: true);
        List<ChatMessage> history =
        [
            new(ChatRole.System, "Tell a story."),
            new(ChatRole.User, string.Join(' ', Enumerable.Repeat("the little dog ran", 20))),
            new(ChatRole.Assistant, "The dog was happy."),
            new(ChatRole.User, "Once upon a time"),
        ];

        var response = await client.GetResponseAsync(history, new ChatOptions { Temperature = 0, MaxOutputTokens = 8 });
        Assert.True(response.Usage!.InputTokenCount < 96);
        Assert.Equal(4, history.Count); // the caller's list is untouched
    }

    [Fact]
    public async Task Greedy_output_is_the_same_alone_and_among_seven_others()
    {
        using var client = Client(parallel: 8);
        string[] prompts = ["Once upon a time", "Lily had a cat", "The sun was", "Tom and Sue went", "A big dog", "There was a bird", "One day", "The little boy"];
        var alone = new List<string>();
        foreach (var prompt in prompts)
        {
            alone.Add((await client.GetResponseAsync(Ask(prompt), Greedy)).Text);
        }

        var together = await Task.WhenAll(prompts.Select(async p => (await client.GetResponseAsync(Ask(p), Greedy)).Text));
        Assert.Equal(alone, together);
    }

    [Fact]
    public async Task A_continued_conversation_reuses_its_prefix_and_answers_the_same_as_a_fresh_client()
    {
        List<ChatMessage> history = [new(ChatRole.User, "Once upon a time")];
        using var warm = Client(parallel: 1);
        var first = await warm.GetResponseAsync(history, Greedy);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, "What happened next?"));

        var continued = await warm.GetResponseAsync(history, Greedy);
        using var cold = Client(parallel: 1);
        var fresh = await cold.GetResponseAsync(history, Greedy);

        Assert.True(continued.Usage!.CachedInputTokenCount > 10, $"cached {continued.Usage.CachedInputTokenCount}");
        Assert.Equal(0, fresh.Usage!.CachedInputTokenCount);
        Assert.Equal(fresh.Text, continued.Text);
    }

    [Fact]
    public void Instructions_join_the_system_message()
    {
        using var client = Client();
        var withSystem = client.BuildPromptTokens([new(ChatRole.System, "Be brief."), new(ChatRole.User, "hi")], new ChatOptions { Instructions = "Speak French." });
        var merged = client.BuildPromptTokens([new(ChatRole.System, "Speak French.\n\nBe brief."), new(ChatRole.User, "hi")], null);
        var without = client.BuildPromptTokens([new(ChatRole.User, "hi")], new ChatOptions { Instructions = "Speak French." });
        var inserted = client.BuildPromptTokens([new(ChatRole.System, "Speak French."), new(ChatRole.User, "hi")], null);
        Assert.Equal(merged, withSystem);
        Assert.Equal(inserted, without);
    }

    [Fact]
    public void Metadata_and_services_are_exposed()
    {
        using var client = Client();
        Assert.Equal("llama.cpp", client.Metadata.ProviderName);
        Assert.Same(client.Metadata, client.GetService<ChatClientMetadata>());
        Assert.Same(_model, client.GetService<LlamaModel>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Null(client.GetService<IChatClient>("key"));
    }

    [Fact]
    public void A_token_split_character_round_trips_through_the_tokenizer()
    {
        var tokens = _model.Tokenize("😀 é", addSpecial: false);
        Assert.True(tokens.Length >= 4); // byte-fallback tokens: the characters are split across tokens
        Assert.Equal("😀 é", _model.Detokenize(tokens).TrimStart());
    }
}
