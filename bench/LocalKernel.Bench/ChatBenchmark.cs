using System.Diagnostics;
using Microsoft.Extensions.AI;
using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Bench;

/// <summary>
/// Prompt and generation tokens/s through <see cref="LlamaChatClient"/> against a bare native loop in the same
/// process: same model, threads, greedy sampling and the very same prompt tokens. Five runs, each a native run then a
/// client run back to back, so both see the same machine; the ratio is taken per run. Each side of a run generates
/// four times over (a fresh context or client each time) and sums: one generation of stories260K lasts under 0.1 s on a
/// quiet machine, so one scheduler hiccup used to decide a run's ratio. Idle and, with `--compete N`,
/// with N busy processes competing for the cores. `--handover-ms N` sets the client's text hand-over interval (0 = a
/// hand-over per token, as before the interval existed).
/// Also the CPU time of the process per generated token on each side (cpu_ratio = native ÷ client, median and min):
/// on a machine this busy, wall-clock rates follow the other jobs, while the CPU a token costs shows the client's overhead.
/// result: gen_ratio (median of the five client ÷ native ratios), gen_ratio_min, prompt_ratio of the last model (the
/// generated ~60M one by default), idle; with --compete also the _contended figures; and per model.
/// </summary>
internal static class ChatBenchmark
{
    private const int MaxTokens = 128;
    private const int Runs = 5;
    private const int Repeats = 4;

    public static int Run(BenchArguments arguments)
    {
        // Both sides use the same threads: --threads (fixed), else the library's adaptive default.
        int? threads = arguments.Get("threads") is null ? null : arguments.GetInts("threads")[0];
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; threads {threads?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "adaptive"}");
        Console.WriteLine($"{"model",-20} {"condition",-10} {"side",-8} {"prompt tok",10} {"gen tok",8} {"prompt t/s",11} {"gen t/s",9} {"cpu ms/tok",11} {"gen ratio min/median",21}");
        var results = new List<string>();
        var last = new Dictionary<string, (double GenRatio, double GenRatioMin, double PromptRatio)>();
        var conditions = CompetingLoad.Conditions(arguments);
        foreach (var (name, path) in BenchModels.Resolve(arguments))
        {
            using var model = LlamaModel.Load(path);
            var clientOptions = new LlamaChatClientOptions { ContextSize = 1024, ParallelRequests = 1, Threads = threads };
            if (arguments.Get("handover-ms") is { } handover)
            {
                clientOptions.TextHandOverInterval = TimeSpan.FromMilliseconds(double.Parse(handover, System.Globalization.CultureInfo.InvariantCulture));
            }

            using var probe = new LlamaChatClient(model, clientOptions);
            var options = new ChatOptions { Temperature = 0, MaxOutputTokens = MaxTokens };
            List<ChatMessage> messages = [new(ChatRole.User, string.Join(' ', Enumerable.Repeat("Once upon a time there was a little dog named Max who liked to run in the park.", 12)))];
            var prompt = probe.BuildPromptTokens(messages, options);

            foreach (var (condition, competitors) in conditions)
            {
                using var load = competitors > 0 ? CompetingLoad.Start(competitors) : null;
                MeasureNative(model, prompt, threads); // warm-up
                MeasureClient(model, clientOptions, messages, options);
                var pairs = Enumerable.Range(0, Runs)
                    .Select(_ => (Native: Repeat(() => MeasureNative(model, prompt, threads)), Client: Repeat(() => MeasureClient(model, clientOptions, messages, options))))
                    .ToList();
                var genRatios = pairs.Select(p => p.Client.GenTps / p.Native.GenTps).Order().ToList();
                var promptRatios = pairs.Select(p => p.Client.PromptTps / p.Native.PromptTps).Order().ToList();
                var cpuRatios = pairs.Select(p => p.Native.CpuMsPerToken / p.Client.CpuMsPerToken).Order().ToList();
                var native = Median(pairs.Select(p => p.Native));
                var client = Median(pairs.Select(p => p.Client));
                string ratios = $"{genRatios[0]:F3}/{genRatios[Runs / 2]:F3}";
                Print(name, condition, "native", prompt.Length, native, "");
                Print(name, condition, "client", prompt.Length, client, ratios);
                last[condition] = (genRatios[Runs / 2], genRatios[0], promptRatios[Runs / 2]);
                string suffix = condition == "idle" ? "" : "_" + condition;
                results.Add(BenchModels.Key(name, "gen_ratio" + suffix, genRatios[Runs / 2]));
                results.Add(BenchModels.Key(name, "gen_ratio_min" + suffix, genRatios[0]));
                results.Add(BenchModels.Key(name, "prompt_ratio" + suffix, promptRatios[Runs / 2]));
                results.Add(BenchModels.Key(name, "gen_tps" + suffix, client.GenTps));
                results.Add(BenchModels.Key(name, "cpu_ratio" + suffix, cpuRatios[Runs / 2]));
                results.Add(BenchModels.Key(name, "cpu_ratio_min" + suffix, cpuRatios[0]));
            }
        }

        var idle = last["idle"];
        var line = $"result: gen_ratio={idle.GenRatio:F3} gen_ratio_min={idle.GenRatioMin:F3} prompt_ratio={idle.PromptRatio:F3} ";
        if (last.TryGetValue("contended", out var contended))
        {
            line += $"gen_ratio_contended={contended.GenRatio:F3} gen_ratio_min_contended={contended.GenRatioMin:F3} prompt_ratio_contended={contended.PromptRatio:F3} ";
        }

        Console.WriteLine(line + string.Join(' ', results));
        return 0;
    }

    /// <summary>Sums <see cref="Repeats"/> generations into one measurement: time-weighted rates, CPU per token over all.</summary>
    private static Measurement Repeat(Func<Measurement> measure)
    {
        var runs = Enumerable.Range(0, Repeats).Select(_ => measure()).ToList();
        double promptSeconds = runs.Sum(r => 1 / r.PromptTps), genSeconds = runs.Sum(r => (r.Generated - 1) / r.GenTps);
        int generated = runs.Sum(r => r.Generated - 1);
        return new Measurement(Repeats / promptSeconds, generated / genSeconds, runs[0].Generated,
            runs.Sum(r => r.CpuMsPerToken * (r.Generated - 1)) / generated);
    }

    private static Measurement Median(IEnumerable<Measurement> runs)
    {
        var list = runs.ToList();
        return new Measurement(list.Select(r => r.PromptTps).Order().ElementAt(list.Count / 2),
            list.Select(r => r.GenTps).Order().ElementAt(list.Count / 2), list[0].Generated,
            list.Select(r => r.CpuMsPerToken).Order().ElementAt(list.Count / 2));
    }

    private static void Print(string model, string condition, string side, int promptTokens, Measurement m, string ratios) =>
        Console.WriteLine($"{model,-20} {condition,-10} {side,-8} {promptTokens,10} {m.Generated,8} {m.PromptTps,11:F1} {m.GenTps,9:F1} {m.CpuMsPerToken,11:F3} {ratios,21}");

    // Prompt rate counts the prompt decode plus the first sampled token on both sides, as time-to-first-token does.
    private static Measurement MeasureNative(LlamaModel model, int[] prompt, int? threads)
    {
        using var context = new LlamaContext(model, new LlamaContextOptions { ContextSize = 1024, BatchSize = 512, Threads = threads });
        var clock = Stopwatch.StartNew();
        TimeSpan first = TimeSpan.Zero, cpuFirst = TimeSpan.Zero;
        int generated = 0;
        foreach (var token in GreedyDecoding.Continue(context, prompt, MaxTokens))
        {
            if (generated++ == 0)
            {
                first = clock.Elapsed;
                cpuFirst = ProcessCpu();
            }

            model.TokenToBytes(token); // the client turns every token into text too
        }

        var cpuMs = (ProcessCpu() - cpuFirst).TotalMilliseconds / (generated - 1);
        return new Measurement(prompt.Length / first.TotalSeconds, (generated - 1) / (clock.Elapsed - first).TotalSeconds, generated, cpuMs);
    }

    private static Measurement MeasureClient(LlamaModel model, LlamaChatClientOptions clientOptions, List<ChatMessage> messages, ChatOptions options)
    {
        // A new client (and context) per run, created before the clock starts: no prefix reuse, the whole prompt is decoded.
        using var client = new LlamaChatClient(model, clientOptions);
        var clock = Stopwatch.StartNew();
        TimeSpan first = TimeSpan.Zero, cpuFirst = TimeSpan.Zero;
        UsageDetails? usage = null;
        bool any = false;
        foreach (var update in client.GetStreamingResponseAsync(messages, options).ToBlockingEnumerable())
        {
            if (!any && update.Contents.OfType<TextContent>().Any())
            {
                first = clock.Elapsed;
                cpuFirst = ProcessCpu();
                any = true;
            }

            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
        }

        var total = clock.Elapsed;
        var cpu = ProcessCpu() - cpuFirst;
        int generated = (int)(usage?.OutputTokenCount ?? 0);
        return new Measurement((usage?.InputTokenCount ?? 0) / first.TotalSeconds, (generated - 1) / (total - first).TotalSeconds, generated,
            cpu.TotalMilliseconds / (generated - 1));
    }

    // All threads of the process: the decoding thread, ggml's workers, and the hops that hand text to the reader.
    private static TimeSpan ProcessCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    // CpuMsPerToken: CPU time of the whole process per generated token. On a machine this busy, wall-clock rates follow
    // the other jobs; CPU spent per token is what the client adds over the native loop.
    private readonly record struct Measurement(double PromptTps, double GenTps, int Generated, double CpuMsPerToken);
}
