using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Bench;

/// <summary>
/// Speculative decoding by prompt lookup against plain greedy decoding on the same model and prompt, in one run:
/// generation time (best of 3), the acceptance rate of drafted tokens, and whether the texts are identical.
/// Default model: stories260K (real weights, so its greedy output repeats its prompt the way answers about code copy
/// code); <c>--model file.gguf</c> for another, <c>--generated yes</c> for the generated ~60M model (random weights: it
/// never copies, which measures the cost of drafts that are rejected).
/// <c>--prompt mixed</c> (the default, <see cref="MixedPrompt"/>) or <c>--prompt retell</c> (<see cref="RetellPrompt"/>: the
/// copy-heavy case the issue names, an answer that restates long spans of its prompt). The prompt goes through the
/// model's chat template as the user message.
/// result: speculative_speedup, acceptance, identical (and copied: the share of output tokens that were confirmed drafts).
/// </summary>
internal static class SpeculationBenchmark
{
    // The default: a C# method and a story whose first sentences come back at the end (the continuation is copy-heavy
    // only where the model repeats itself).
    private const string MixedPrompt = """
        public static int Sum(int[] values)
        {
            int total = 0;
            foreach (var value in values)
            {
                total += value;
            }
            return total;
        }
        Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her friend Ben.
        One day, Lily and Ben saw a big red ball. Once upon a time, there was a little girl named Lily. She loved to play
        """;

    // Copy-heavy: a short story told twice and begun a third time, so the greedy continuation restates it (stories260K
    // cannot follow an instruction such as "quote the method", but it does continue a text that repeats).
    private const string RetellPrompt = """
        Lily had a red ball. She took the ball to the park. She threw the ball to her dog, Max. Max ran and got the ball.
        Lily and Max played all day. Then they went home and ate cake. They were very happy.
        Lily had a red ball. She took the ball to the park. She threw the ball to her dog, Max. Max ran and got the ball.
        Lily and Max played all day. Then they went home and ate cake. They were very happy.
        Lily had a red ball. She took the ball
        """;

    public static int Run(BenchArguments arguments)
    {
        var path = arguments.Get("model") ?? (arguments.Get("generated") is not null ? TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M) : TestPaths.Stories260K);
        int threads = arguments.GetInts("threads", 1)[0];
        int tokens = arguments.GetInts("tokens", 256)[0];
        using var model = LlamaModel.Load(path);
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; {Path.GetFileName(path)}; threads {threads}; {tokens} tokens greedy");
        var chat = new ChatOptions { Temperature = 0, MaxOutputTokens = tokens };
        var promptName = arguments.Get("prompt") ?? "mixed";
        var prompt = promptName switch
        {
            "mixed" => MixedPrompt,
            "retell" => RetellPrompt,
            _ => throw new ArgumentException($"--prompt is mixed or retell, not '{promptName}'."),
        };
        Console.WriteLine($"prompt {promptName}: {prompt.ReplaceLineEndings(" ")}");

        var (plainText, plainSeconds, plainTokens, _) = Measure(model, threads, prompt, chat, speculative: false);
        var (fastText, fastSeconds, fastTokens, counts) = Measure(model, threads, prompt, chat, speculative: true);
        double acceptance = counts.Drafted == 0 ? 0 : (double)counts.Accepted / counts.Drafted;
        bool identical = plainText == fastText;
        Console.WriteLine($"{"mode",-12} {"tokens",7} {"seconds",8} {"tokens/s",9}");
        Console.WriteLine($"{"greedy",-12} {plainTokens,7} {plainSeconds,8:F3} {plainTokens / plainSeconds,9:F1}");
        Console.WriteLine($"{"speculative",-12} {fastTokens,7} {fastSeconds,8:F3} {fastTokens / fastSeconds,9:F1}");
        Console.WriteLine($"drafted {counts.Drafted}, accepted {counts.Accepted} (3 runs)");
        Console.WriteLine($"output: {plainText[..Math.Min(plainText.Length, 400)].ReplaceLineEndings(" ")}");
        double copied = fastTokens == 0 ? 0 : counts.Accepted / (3.0 * fastTokens);
        Console.WriteLine($"result: speculative_speedup={plainSeconds / fastSeconds:F3} acceptance={acceptance:F3} identical={(identical ? "true" : "false")} copied={copied:F3}");
        return identical ? 0 : 1;
    }

    private static (string Text, double Seconds, long Tokens, (long Drafted, long Accepted) Counts) Measure(LlamaModel model, int threads, string prompt, ChatOptions chat, bool speculative)
    {
        using var client = new LlamaChatClient(model, new LlamaChatClientOptions
        {
            ContextSize = 1024,
            ParallelRequests = 1,
            Threads = threads,
            PromptLookupDecoding = speculative,
        });
        string text = string.Empty;
        long outputTokens = 0;
        double best = double.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            // A fresh prompt prefix each run would defeat prefix reuse equally for both modes; the same prompt is fine
            // because only generation time differs between them.
            var stopwatch = Stopwatch.StartNew();
            var response = client.GetResponseAsync(prompt, chat).GetAwaiter().GetResult();
            best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
            text = response.Text;
            outputTokens = response.Usage?.OutputTokenCount ?? 0;
        }

        return (text, best, outputTokens, client.SpeculationCounts);
    }
}
