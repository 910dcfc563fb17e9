using System.Globalization;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// Aggregate generation tokens/s of 1, 4 and 8 concurrent streams through one <see cref="LlamaChatClient"/>
/// (continuous batching: every active stream shares each llama_decode), idle and, with `--compete N`, with N busy
/// processes competing for the cores. Threads: the library's adaptive default, or `--threads N` (fixed).
/// Each row repeats rounds of its streams (64 tokens each, `--tokens`) for at least `--seconds` (default 3; one round of
/// 64 tokens lasts only 0.2–0.9 s on a quiet 2-core machine, too short to mean anything), best of 2; the rate is
/// generated tokens ÷ wall time, prompts included, as a user sees it. The native cost of a batched step, without
/// the client: `decode-cost`.
/// result: speedup8 = aggregate at 8 ÷ at 1 (idle); with --compete also speedup8_idle, speedup8_contended and
/// gen_contended_over_idle (1 stream, contended ÷ idle).
/// </summary>
internal static class ConcurrencyBenchmark
{
    public static int Run(BenchArguments arguments)
    {
        int maxTokens = int.Parse(arguments.Get("tokens") ?? "64", CultureInfo.InvariantCulture);
        var minimum = TimeSpan.FromSeconds(double.Parse(arguments.Get("seconds") ?? "3", CultureInfo.InvariantCulture));
        var path = arguments.Get("model") ?? TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M);
        int? threads = arguments.Get("threads") is null ? null : arguments.GetInts("threads")[0];
        using var model = LlamaModel.Load(path);
        using var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = 512, ParallelRequests = 8, Threads = threads });
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; {Path.GetFileName(path)}; threads {threads?.ToString(CultureInfo.InvariantCulture) ?? $"adaptive, up to {LlamaThreading.PhysicalCoreCount}"}");
        Console.WriteLine($"{"condition",-10} {"streams",7} {"tokens",7} {"seconds",8} {"aggregate t/s",14} {"per stream t/s",15} {"threads seen",13}");
        ChatRounds.Run(client, 2, maxTokens, TimeSpan.Zero); // warm-up
        var aggregate = new Dictionary<(string, int), double>();
        var conditions = CompetingLoad.Conditions(arguments);
        foreach (var (condition, competitors) in conditions)
        {
            using var load = competitors > 0 ? CompetingLoad.Start(competitors) : null;
            ChatRounds.Run(client, 1, maxTokens, TimeSpan.Zero); // the load is there before the measurement, as in an app
            foreach (var streams in new[] { 1, 4, 8 })
            {
                // Which thread counts the adaptive rule chose while this measurement ran (sampled every 20 ms).
                var seen = new SortedSet<int>();
                using var stop = new CancellationTokenSource();
                var watcher = Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        lock (seen)
                        {
                            seen.Add(client.LastDecodeThreads);
                        }

                        await Task.Delay(20).ConfigureAwait(false);
                    }
                });
                var (tokens, seconds) = Enumerable.Range(0, 2).Select(_ => ChatRounds.Run(client, streams, maxTokens, minimum)).MaxBy(r => r.Tokens / r.Seconds);
                stop.Cancel();
                watcher.GetAwaiter().GetResult();
                double tps = tokens / seconds;
                aggregate[(condition, streams)] = tps;
                Console.WriteLine($"{condition,-10} {streams,7} {tokens,7} {seconds,8:F2} {tps,14:F1} {tps / streams,15:F1} {string.Join(',', seen),13}");
            }
        }

        var result = $"result: speedup8={aggregate[("idle", 8)] / aggregate[("idle", 1)]:F3} speedup4={aggregate[("idle", 4)] / aggregate[("idle", 1)]:F3} " +
            $"agg1_tps={aggregate[("idle", 1)]:F1} agg8_tps={aggregate[("idle", 8)]:F1}";
        if (conditions.Count > 1)
        {
            result += $" agg1_tps_contended={aggregate[("contended", 1)]:F1} agg8_tps_contended={aggregate[("contended", 8)]:F1}" +
                $" speedup8_idle={aggregate[("idle", 8)] / aggregate[("idle", 1)]:F3}" +
                $" speedup8_contended={aggregate[("contended", 8)] / aggregate[("contended", 1)]:F3}" +
                $" gen_contended_over_idle={aggregate[("contended", 1)] / aggregate[("idle", 1)]:F3}";
        }

        Console.WriteLine(result);
        return 0;
    }
}
