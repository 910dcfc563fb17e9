using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Code.Tests;

/// <summary>Greedy output with prompt-lookup speculation is token-identical to plain greedy decoding, on real llama.cpp.</summary>
public sealed class PromptLookupDecodingTests : IDisposable
{
    private readonly LlamaModel _stories = LlamaModel.Load(TestPaths.Stories260K);

    public void Dispose() => _stories.Dispose();

    [Theory]
    [InlineData("Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big red ball. Once upon a time, there was a little girl named Lily. She loved")]
    [InlineData("The cat sat on the mat. The dog sat on the log. The cat sat on the")]
    [InlineData("Tom and Sue")]
    public async Task Greedy_text_is_identical_with_and_without_speculation(string prompt)
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 120 };
        string plain, speculative;
        using (var client = new LlamaChatClient(_stories, new LlamaChatClientOptions { ContextSize = 512, ParallelRequests = 1, Threads = 1 }))
        {
            plain = (await client.GetResponseAsync(prompt, options)).Text;
        }

        (long Drafted, long Accepted) counts;
        using (var client = new LlamaChatClient(_stories, new LlamaChatClientOptions { ContextSize = 512, ParallelRequests = 1, Threads = 1, PromptLookupDecoding = true }))
        {
            speculative = (await client.GetResponseAsync(prompt, options)).Text;
            counts = client.SpeculationCounts;
        }

        Assert.Equal(plain, speculative);
        Assert.True(counts.Drafted > 0, "the repetitive story gives the drafter n-grams to look up");
        Assert.InRange(counts.Accepted, 0, counts.Drafted);
    }

    [Fact]
    public async Task Concurrent_speculative_and_plain_requests_each_match_their_sequential_greedy_output()
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 60 };
        string[] prompts = ["Lily and Ben went to the park. Lily and Ben", "The sun was hot. The sun was", "A bird sang a song."];
        var expected = new List<string>();
        using (var client = new LlamaChatClient(_stories, new LlamaChatClientOptions { ContextSize = 256, ParallelRequests = 1, Threads = 1 }))
        {
            foreach (var prompt in prompts)
            {
                expected.Add((await client.GetResponseAsync(prompt, options)).Text);
            }
        }

        using var speculative = new LlamaChatClient(_stories, new LlamaChatClientOptions { ContextSize = 256, ParallelRequests = 3, Threads = 1, PromptLookupDecoding = true });
        var sampled = speculative.GetResponseAsync("Tell a story.", new ChatOptions { Temperature = 0.9f, Seed = 3, MaxOutputTokens = 60 });
        var actual = await Task.WhenAll(prompts.Select(p => speculative.GetResponseAsync(p, options)));
        await sampled;

        Assert.Equal(expected, actual.Select(r => r.Text));
    }
}
