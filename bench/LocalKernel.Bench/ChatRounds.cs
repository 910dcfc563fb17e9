using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using Microsoft.Extensions.AI;

namespace LocalKernel.Bench;

/// <summary>
/// Rounds of concurrent requests through one <see cref="LlamaChatClient"/>, as the concurrency benchmark and the GPU
/// check (bench/gpu, which compiles this file in) time continuous batching.
/// </summary>
internal static class ChatRounds
{
    /// <summary>Rounds of <paramref name="streams"/> concurrent requests until <paramref name="minimum"/> has passed:
    /// all generated tokens and the wall time. Different prompts (no shared prefix), greedy, a fixed budget each.</summary>
    public static (int Tokens, double Seconds) Run(LlamaChatClient client, int streams, int maxTokens, TimeSpan minimum)
    {
        var clock = Stopwatch.StartNew();
        int tokens = 0;
        do
        {
            var responses = Task.WhenAll(Enumerable.Range(0, streams).Select(i => client.GetResponseAsync(
                [new ChatMessage(ChatRole.User, $"Request {i} {Guid.NewGuid():N}: tell me about the data and the model.")],
                new ChatOptions { Temperature = 0, MaxOutputTokens = maxTokens }))).GetAwaiter().GetResult();
            tokens += (int)responses.Sum(r => r.Usage!.OutputTokenCount!.Value);
        }
        while (clock.Elapsed < minimum);

        return (tokens, clock.Elapsed.TotalSeconds);
    }
}
