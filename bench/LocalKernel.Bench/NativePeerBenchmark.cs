using System.Diagnostics;
using System.Text.Json;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// Our raw completion path against node-llama-cpp 3.22.1 (the same llama.cpp build, driven from node): greedy
/// generation of the same prompt on the same model, each side at its best thread count (node collapses with 2
/// threads on 2-core machines). node-llama-cpp is installed into .cache/node-peer from bench/node-peer's lock
/// file on first use, with `npm install` (the registry copy lacks some platforms' optional packages, so the lock
/// cannot list them and `npm ci` refuses it). result: gen_ratio, prompt_ratio (ours ÷ node-llama-cpp).
/// </summary>
internal static class NativePeerBenchmark
{
    private const int MaxTokens = 128;
    // About 250 tokens: long enough that prompt throughput, not per-call overhead, is measured.
    private static readonly string Prompt = string.Join(' ', Enumerable.Repeat("Once upon a time there was a little dog named Max who liked to run in the big green park with his friend Tom.", 8));

    public static int Run(BenchArguments arguments)
    {
        var models = BenchModels.Resolve(arguments);
        var threads = arguments.GetInts("threads", 1, 2);
        var peer = InstallPeer();
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}");
        Console.WriteLine($"{"model",-20} {"side",-14} {"threads",7} {"prompt t/s",11} {"gen t/s",9}");
        var results = new List<string>();
        double genRatio = 0, promptRatio = 0;
        foreach (var (name, path) in models)
        {
            double oursGen = 0, oursPrompt = 0, nodeGen = 0, nodePrompt = 0;
            foreach (var n in threads)
            {
                var (nPrompt, nGen) = RunPeer(peer, path, n);
                var (oPrompt, oGen) = RunOurs(path, n);
                Console.WriteLine($"{name,-20} {"node-llama-cpp",-14} {n,7} {nPrompt,11:F1} {nGen,9:F1}");
                Console.WriteLine($"{name,-20} {"LocalKernel",-14} {n,7} {oPrompt,11:F1} {oGen,9:F1}");
                (oursGen, oursPrompt) = (Math.Max(oursGen, oGen), Math.Max(oursPrompt, oPrompt));
                (nodeGen, nodePrompt) = (Math.Max(nodeGen, nGen), Math.Max(nodePrompt, nPrompt));
            }

            genRatio = oursGen / nodeGen;
            promptRatio = oursPrompt / nodePrompt;
            results.Add(BenchModels.Key(name, "gen_ratio", genRatio));
            results.Add(BenchModels.Key(name, "prompt_ratio", promptRatio));
        }

        Console.WriteLine($"result: gen_ratio={genRatio:F3} prompt_ratio={promptRatio:F3} " + string.Join(' ', results));
        return 0;
    }

    private static (double Prompt, double Generation) RunOurs(string path, int threads)
    {
        using var model = LlamaModel.Load(path);
        double prompt = 0, generation = 0;
        for (int run = 0; run < 4; run++) // the first run warms up, as on the node side
        {
            using var completion = new LlamaCompletion(model, new LlamaContextOptions { ContextSize = 1024, BatchSize = 512, Threads = threads });
            foreach (var _ in completion.CompleteStreamingAsync(Prompt, MaxTokens).ToBlockingEnumerable())
            {
            }

            if (run > 0)
            {
                var stats = completion.LastStats!;
                prompt = Math.Max(prompt, stats.PromptTokensPerSecond);
                generation = Math.Max(generation, stats.GenerationTokensPerSecond);
            }
        }

        return (prompt, generation);
    }

    private static (double Prompt, double Generation) RunPeer(string directory, string model, int threads)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "peer.mjs", model, threads.ToString(System.Globalization.CultureInfo.InvariantCulture), MaxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), Prompt })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        if (process.ExitCode != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException($"node-llama-cpp failed ({process.ExitCode}): {stderr.Result}");
        }

        using var json = JsonDocument.Parse(lines[^1]);
        return (json.RootElement.GetProperty("promptTps").GetDouble(), json.RootElement.GetProperty("genTps").GetDouble());
    }

    private static string InstallPeer()
    {
        var source = Path.Combine(TestPaths.RepositoryRoot, "bench", "node-peer");
        var target = Path.Combine(TestPaths.RepositoryRoot, ".cache", "node-peer");
        Directory.CreateDirectory(target);
        foreach (var file in new[] { "package.json", "package-lock.json", "peer.mjs" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(target, file), overwrite: true);
        }

        if (!Directory.Exists(Path.Combine(target, "node_modules", "node-llama-cpp")))
        {
            Console.WriteLine("installing node-llama-cpp 3.22.1 (CPU build only) into .cache/node-peer ...");
            var install = Process.Start(new ProcessStartInfo("npm", "install --omit=optional --no-audit --no-fund --loglevel=error") { WorkingDirectory = target })!;
            install.WaitForExit();
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException("npm install of node-llama-cpp failed.");
            }
        }

        return target;
    }
}
