using System.Diagnostics;
using Microsoft.Extensions.AI;
using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Bench;

/// <summary>
/// Prompt and generation tokens/s through <see cref="LlamaChatClient"/> against a bare native loop in the same
/// process: same model, threads, greedy sampling and the very same prompt tokens. result: gen_ratio, prompt_ratio
/// (client ÷ native) of the last model (the generated ~60M one by default), and per model.
/// </summary>
internal static class ChatBenchmark
{
    private const int MaxTokens = 128;
    private const int Runs = 3;

    public static int Run(BenchArguments arguments)
    {
        // Both sides use the same threads: --threads, else the library's defaults.
        int? threads = arguments.Get("threads") is null ? null : arguments.GetInts("threads")[0];
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; threads {threads?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}");
        Console.WriteLine($"{"model",-20} {"side",-8} {"prompt tok",10} {"gen tok",8} {"prompt t/s",11} {"gen t/s",9}");
        var results = new List<string>();
        double genRatio = 0, promptRatio = 0;
        foreach (var (name, path) in BenchModels.Resolve(arguments))
        {
            using var model = LlamaModel.Load(path);
            var clientOptions = new LlamaChatClientOptions { ContextSize = 1024, ParallelRequests = 1, Threads = threads };
            using var probe = new LlamaChatClient(model, clientOptions);
            var options = new ChatOptions { Temperature = 0, MaxOutputTokens = MaxTokens };
            List<ChatMessage> messages = [new(ChatRole.User, string.Join(' ', Enumerable.Repeat("Once upon a time there was a little dog named Max who liked to run in the park.", 12)))];
            var prompt = probe.BuildPromptTokens(messages, options);

            var native = Best(() => MeasureNative(model, prompt, threads));
            var viaClient = Best(() => MeasureClient(model, clientOptions, messages, options));
            Print(name, "native", prompt.Length, native);
            Print(name, "client", prompt.Length, viaClient);
            genRatio = viaClient.GenTps / native.GenTps;
            promptRatio = viaClient.PromptTps / native.PromptTps;
            results.Add(BenchModels.Key(name, "gen_ratio", genRatio));
            results.Add(BenchModels.Key(name, "prompt_ratio", promptRatio));
        }

        Console.WriteLine($"result: gen_ratio={genRatio:F3} prompt_ratio={promptRatio:F3} " + string.Join(' ', results));
        return 0;
    }

    private static void Print(string model, string side, int promptTokens, Measurement m) =>
        Console.WriteLine($"{model,-20} {side,-8} {promptTokens,10} {m.Generated,8} {m.PromptTps,11:F1} {m.GenTps,9:F1}");

    private static Measurement Best(Func<Measurement> measure)
    {
        measure(); // warm-up
        var runs = Enumerable.Range(0, Runs).Select(_ => measure()).ToList();
        return new Measurement(runs.Max(r => r.PromptTps), runs.Max(r => r.GenTps), runs[0].Generated);
    }

    // Prompt rate counts the prompt decode plus the first sampled token on both sides, as time-to-first-token does.
    private static Measurement MeasureNative(LlamaModel model, int[] prompt, int? threads)
    {
        using var context = new LlamaContext(model, new LlamaContextOptions { ContextSize = 1024, BatchSize = 512, Threads = threads });
        var clock = Stopwatch.StartNew();
        TimeSpan first = TimeSpan.Zero;
        int generated = 0;
        foreach (var token in GreedyDecoding.Continue(context, prompt, MaxTokens))
        {
            if (generated++ == 0)
            {
                first = clock.Elapsed;
            }

            model.TokenToBytes(token); // the client turns every token into text too
        }

        return new Measurement(prompt.Length / first.TotalSeconds, (generated - 1) / (clock.Elapsed - first).TotalSeconds, generated);
    }

    private static Measurement MeasureClient(LlamaModel model, LlamaChatClientOptions clientOptions, List<ChatMessage> messages, ChatOptions options)
    {
        // A new client (and context) per run, created before the clock starts: no prefix reuse, the whole prompt is decoded.
        using var client = new LlamaChatClient(model, clientOptions);
        var clock = Stopwatch.StartNew();
        TimeSpan first = TimeSpan.Zero;
        UsageDetails? usage = null;
        bool any = false;
        foreach (var update in client.GetStreamingResponseAsync(messages, options).ToBlockingEnumerable())
        {
            if (!any && update.Contents.OfType<TextContent>().Any())
            {
                first = clock.Elapsed;
                any = true;
            }

            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
        }

        var total = clock.Elapsed;
        int generated = (int)(usage?.OutputTokenCount ?? 0);
        return new Measurement((usage?.InputTokenCount ?? 0) / first.TotalSeconds, (generated - 1) / (total - first).TotalSeconds, generated);
    }

    private readonly record struct Measurement(double PromptTps, double GenTps, int Generated);
}
