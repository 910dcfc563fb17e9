using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// What one continuous-batching step costs natively, to tell llama.cpp's share of the 8-stream speed-up from ours:
/// ms per llama_decode of 1 token (one sequence) and of 8 tokens (8 sequences, one token each), after a prompt per
/// sequence, for KV-cache layouts (one buffer shared by all sequences vs one stream per sequence), flash attention,
/// and a single sequence decoded while 7 others still hold their cells (what a scheduler's slots leave behind).
/// Fixed threads (`--threads`, default 1); `--type MostlyQ4_0` (a <see cref="LlamaFileType"/>) requantizes the model first,
/// to compare the weight types' matmul kernels. result: step8_over_step1 per layout (8 ÷ 1 would be no batching gain).
/// </summary>
internal static class DecodeCostBenchmark
{
    private const int PromptTokens = 48;
    private const int Steps = 64;
    private const int Sequences = 8;

    public static int Run(BenchArguments arguments)
    {
        var path = arguments.Get("model") ?? TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M);
        int threads = arguments.Get("threads") is null ? 1 : arguments.GetInts("threads")[0];
        if (arguments.Get("type") is { } type)
        {
            var requantized = Path.Combine(Path.GetTempPath(), $"localkernel-decode-cost-{type}-{Path.GetFileName(path)}");
            if (!File.Exists(requantized))
            {
                LlamaQuantizer.Quantize(path, requantized, Enum.Parse<LlamaFileType>(type, ignoreCase: true), allowRequantize: true);
            }

            path = requantized;
        }

        int sequenceContext = int.Parse(arguments.Get("sequence-context") ?? "512", CultureInfo.InvariantCulture);
        using var model = LlamaModel.Load(path);
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; {Path.GetFileName(path)}; threads {threads}; {sequenceContext} cells per sequence");
        Console.WriteLine($"{"layout",-28} {"1 seq ms",9} {"1 seq+7 held",13} {"8 seqs ms",10} {"8 ÷ 1",7} {"sample 8 ms",12} {"argmax 8 ms",12}");
        var results = new List<string>();
        foreach (var (name, unified, flash) in new[] { ("unified", true, -1), ("per-sequence", false, -1), ("unified, no flash attn", true, 0), ("per-sequence, no flash attn", false, 0) })
        {
            using var context = new LlamaContext(model, new LlamaContextOptions
            {
                ContextSize = sequenceContext * Sequences, MaxSequences = Sequences, UnifiedKvCache = unified, BatchSize = 512,
                Threads = threads, FlashAttention = flash,
            });
            double one = Best(() => Step(context, 1, heldOthers: false));
            double held = Best(() => Step(context, 1, heldOthers: true));
            double eight = Best(() => Step(context, Sequences, heldOthers: false));
            double sample = SampleCost(context, argMax: false);
            double argMax = SampleCost(context, argMax: true);
            Console.WriteLine($"{name,-28} {one,9:F2} {held,13:F2} {eight,10:F2} {eight / one,7:F2} {sample,12:F2} {argMax,12:F3}");
            results.Add($"{name.Replace(", no flash attn", "_noflash", StringComparison.Ordinal).Replace('-', '_')}_step8_over_step1={eight / one:F2}");
        }

        Console.WriteLine("result: " + string.Join(' ', results));
        return 0;
    }

    private static double Best(Func<double> measure) => Enumerable.Range(0, 3).Min(_ => measure());

    /// <summary>ms per decode step of <paramref name="active"/> sequences, one token each, after their prompts.</summary>
    private static double Step(LlamaContext context, int active, bool heldOthers)
    {
        context.ClearMemory();
        var prompt = NativeLoop.SyntheticPrompt(context.Model, PromptTokens);
        int filled = heldOthers ? Sequences : active;
        for (int s = 0; s < filled; s++)
        {
            // Held sequences look like finished slots: prompt plus a full generation left in the cache.
            context.Decode(s < active ? prompt : [.. prompt, .. prompt, .. prompt[..(Steps - PromptTokens)]], 0, s);
        }

        using var batch = SafeLlamaBatchHandle.Create(Sequences);
        var clock = new Stopwatch();
        for (int step = 0; step < Steps; step++)
        {
            batch.Clear();
            for (int s = 0; s < active; s++)
            {
                batch.Add(3 + ((step * 31 + s * 101) % (context.Model.VocabSize - 3)), PromptTokens + step, s, wantLogits: true);
            }

            clock.Start();
            context.Decode(batch);
            clock.Stop();
        }

        return clock.Elapsed.TotalMilliseconds / Steps;
    }

    /// <summary>ms to pick the 8 outputs of the last step: llama.cpp's greedy sampler chain, or a managed argmax (measured:
    /// about as slow, both read 32000 logits per row; the scheduler keeps the sampler).</summary>
    private static double SampleCost(LlamaContext context, bool argMax)
    {
        Step(context, Sequences, heldOthers: false);
        using var sampler = SafeLlamaSamplerHandle.CreateChain();
        sampler.Add(NativeMethods.llama_sampler_init_greedy(), "greedy");
        const int Repeats = 200;
        for (int r = 0; r < Repeats; r++)
        {
            // Warm-up: the managed argmax runs as optimised (tier-1) code in a long-lived scheduler, not as first JIT.
            _ = argMax ? TensorPrimitives.IndexOfMax(context.GetLogits(r % Sequences)) : context.Sample(sampler, r % Sequences);
        }

        var clock = Stopwatch.StartNew();
        for (int r = 0; r < Repeats; r++)
        {
            for (int i = 0; i < Sequences; i++)
            {
                _ = argMax ? TensorPrimitives.IndexOfMax(context.GetLogits(i)) : context.Sample(sampler, i);
            }
        }

        return clock.Elapsed.TotalMilliseconds / Repeats;
    }
}
