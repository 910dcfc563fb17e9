using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Bench;

/// <summary>
/// Time to first token of turn N+1 of a ~1k-token conversation: with the cached prefix reused (the same client
/// served turn N) and without (a fresh client decodes the whole history). result: ttft_speedup.
/// </summary>
internal static class PrefixReuseBenchmark
{
    public static int Run(BenchArguments arguments)
    {
        var path = arguments.Get("model") ?? TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M);
        int threads = arguments.GetInts("threads", LlamaThreading.PhysicalCoreCount)[0];
        using var model = LlamaModel.Load(path);
        var options = new LlamaChatClientOptions { ContextSize = 2048, ParallelRequests = 1, Threads = threads };
        var chat = new ChatOptions { Temperature = 0, MaxOutputTokens = 16 };
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; {Path.GetFileName(path)}; threads {threads}");

        double withReuse = double.MaxValue, without = double.MaxValue;
        int historyTokens = 0, cached = 0;
        for (int run = 0; run < 3; run++)
        {
            var history = History(run);
            using (var warm = new LlamaChatClient(model, options))
            {
                var turn = warm.GetResponseAsync(history, chat).GetAwaiter().GetResult();
                history.AddRange(turn.Messages);
                history.Add(new ChatMessage(ChatRole.User, "And what happened next?"));
                var (ttft, usage) = TimeToFirstToken(warm, history, chat);
                withReuse = Math.Min(withReuse, ttft);
                historyTokens = (int)usage.InputTokenCount!.Value;
                cached = (int)usage.CachedInputTokenCount!.Value;
            }

            using var cold = new LlamaChatClient(model, options);
            without = Math.Min(without, TimeToFirstToken(cold, history, chat).Ttft);
        }

        Console.WriteLine($"history {historyTokens} tokens, {cached} reused from the cache");
        Console.WriteLine($"TTFT with reuse {withReuse * 1000:F1} ms, without {without * 1000:F1} ms");
        Console.WriteLine($"result: ttft_speedup={without / withReuse:F3} ttft_reuse_ms={withReuse * 1000:F1} ttft_cold_ms={without * 1000:F1} history_tokens={historyTokens}");
        return 0;
    }

    private static List<ChatMessage> History(int run)
    {
        var history = new List<ChatMessage> { new(ChatRole.System, $"You are a helpful assistant (run {run}).") };
        for (int turn = 0; turn < 12; turn++)
        {
            history.Add(new ChatMessage(ChatRole.User, $"Question {turn}: what do you know about the data, the model and the file number {turn}? Please give a long answer."));
            history.Add(new ChatMessage(ChatRole.Assistant, string.Join(' ', Enumerable.Repeat($"The answer to question {turn} is about the model and its data.", 5))));
        }

        history.Add(new ChatMessage(ChatRole.User, "Tell me more."));
        return history;
    }

    private static (double Ttft, UsageDetails Usage) TimeToFirstToken(LlamaChatClient client, List<ChatMessage> history, ChatOptions chat)
    {
        var clock = Stopwatch.StartNew();
        double ttft = 0;
        UsageDetails? usage = null;
        foreach (var update in client.GetStreamingResponseAsync(history, chat).ToBlockingEnumerable())
        {
            if (ttft == 0 && update.Contents.Count > 0)
            {
                ttft = clock.Elapsed.TotalSeconds;
            }

            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
        }

        return (ttft, usage!);
    }
}
