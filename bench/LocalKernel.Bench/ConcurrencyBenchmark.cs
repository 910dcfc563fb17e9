using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Bench;

/// <summary>
/// Aggregate generation tokens/s of 1, 4 and 8 concurrent streams through one <see cref="LlamaChatClient"/>
/// (continuous batching: every active stream shares each llama_decode). result: speedup8 = aggregate at 8 ÷ at 1.
/// </summary>
internal static class ConcurrencyBenchmark
{
    private const int MaxTokens = 64;

    public static int Run(BenchArguments arguments)
    {
        var path = arguments.Get("model") ?? TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M);
        int threads = arguments.GetInts("threads", LlamaThreading.PhysicalCoreCount)[0];
        using var model = LlamaModel.Load(path);
        using var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = 512, ParallelRequests = 8, Threads = threads });
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; {Path.GetFileName(path)}; threads {threads}");
        Console.WriteLine($"{"streams",7} {"tokens",7} {"seconds",8} {"aggregate t/s",14} {"per stream t/s",15}");
        Measure(client, 2); // warm-up
        var aggregate = new Dictionary<int, double>();
        foreach (var streams in new[] { 1, 4, 8 })
        {
            var (tokens, seconds) = Enumerable.Range(0, 2).Select(_ => Measure(client, streams)).MaxBy(r => r.Tokens / r.Seconds);
            aggregate[streams] = tokens / seconds;
            Console.WriteLine($"{streams,7} {tokens,7} {seconds,8:F2} {aggregate[streams],14:F1} {aggregate[streams] / streams,15:F1}");
        }

        Console.WriteLine($"result: speedup8={aggregate[8] / aggregate[1]:F3} speedup4={aggregate[4] / aggregate[1]:F3} agg1_tps={aggregate[1]:F1} agg8_tps={aggregate[8]:F1}");
        return 0;
    }

    private static (int Tokens, double Seconds) Measure(LlamaChatClient client, int streams)
    {
        var clock = Stopwatch.StartNew();
        // Different prompts (no shared prefix), greedy, a fixed budget each.
        var responses = Task.WhenAll(Enumerable.Range(0, streams).Select(i => client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, $"Request {i} {Guid.NewGuid():N}: tell me about the data and the model.")],
            new ChatOptions { Temperature = 0, MaxOutputTokens = MaxTokens }))).GetAwaiter().GetResult();
        return ((int)responses.Sum(r => r.Usage!.OutputTokenCount!.Value), clock.Elapsed.TotalSeconds);
    }
}
