using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Bench;

/// <summary>
/// Load on <c>kb serve</c>: N concurrent streaming clients over HTTP, against the same N concurrent streams through an
/// in-process <see cref="LlamaChatClient"/> with the server's settings (same model, context, slots and threads). The two
/// paths alternate in rounds of equal windows, so a change in what else runs on the machine falls on both alike.
/// Reports errors, time to first token p50/p95, tokens/s of each, and the server's RSS.
/// result: overhead_ratio = HTTP tokens ÷ in-process tokens (same total time); errors (HTTP); rss_growth = end RSS ÷ RSS
/// under full load (a fifth into the first HTTP window, at most 60 s) − 1.
/// Options: --model file.gguf (default: the generated ~60M model), --clients 64, --seconds 60 (each HTTP window),
/// --baseline-seconds (each in-process window; default --seconds), --rounds 1, --max-tokens 64, --threads,
/// --context-size 1024.
/// </summary>
internal static partial class ServeLoadBenchmark
{
    private const int Slots = 4; // kb serve's chat client default (LlamaChatClientOptions.ParallelRequests).

    public static int Run(BenchArguments arguments)
    {
        var path = arguments.Get("model") ?? TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M);
        int clients = arguments.GetInts("clients", 64)[0];
        int seconds = arguments.GetInts("seconds", 60)[0];
        int baselineSeconds = arguments.GetInts("baseline-seconds", seconds)[0];
        int rounds = arguments.GetInts("rounds", 1)[0];
        int maxTokens = arguments.GetInts("max-tokens", 64)[0];
        int threads = arguments.GetInts("threads", LlamaThreading.PhysicalCoreCount)[0];
        int context = arguments.GetInts("context-size", 1024)[0];
        Console.WriteLine($"{Path.GetFileName(path)}; {clients} clients; {maxTokens} tokens each; threads {threads}; context {context}; {Slots} slots; {rounds} round(s)");
        return RunAsync(path, clients, seconds, baselineSeconds, rounds, maxTokens, threads, context).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string path, int clients, int seconds, int baselineSeconds, int rounds, int maxTokens, int threads, int context)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kb-serve-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        using var server = StartServer(path, folder, threads, context);
        try
        {
            var url = await ListeningUrlAsync(server);
            using var http = new HttpClient { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
            using var model = LlamaModel.Load(path);
            using var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = context, ParallelRequests = Slots, Threads = threads, TrimHistoryToFit = true });
            var inProcessRequest = InProcess(client, maxTokens);
            var httpRequest = Http(http, Path.GetFileNameWithoutExtension(path), maxTokens);
            await inProcessRequest(0, () => { }, CancellationToken.None); // warm-up
            await httpRequest(0, () => { }, CancellationToken.None);

            var inProcess = new LoadRun();
            var overHttp = new LoadRun();
            long rssFirst = Rss(server.Id), rssFull = 0;
            for (int round = 0; round < rounds; round++)
            {
                inProcess.Add(await LoadRun.DriveAsync(clients, TimeSpan.FromSeconds(baselineSeconds), inProcessRequest));
                var full = round == 0 ? Task.Delay(TimeSpan.FromSeconds(Math.Min(60, seconds / 5.0))).ContinueWith(_ => Rss(server.Id), TaskScheduler.Default) : null;
                overHttp.Add(await LoadRun.DriveAsync(clients, TimeSpan.FromSeconds(seconds), httpRequest));
                rssFull = full is null ? rssFull : await full;
                Console.WriteLine($"round {round + 1}: in-process {inProcess.TokensPerSecond:F1} tok/s, http {overHttp.TokensPerSecond:F1} tok/s so far");
            }

            long rssEnd = Rss(server.Id);
            Console.WriteLine($"{"path",-11} {"seconds",8} {"requests",9} {"errors",7} {"tokens",8} {"tok/s",8} {"ttft p50",9} {"ttft p95",9}");
            Print("in-process", inProcess);
            Print("http", overHttp);
            Console.WriteLine($"server RSS: {rssFirst / 1048576.0:F1} MiB after warm-up, {rssFull / 1048576.0:F1} MiB under full load, {rssEnd / 1048576.0:F1} MiB at the end");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"result: overhead_ratio={overHttp.TokensPerSecond / inProcess.TokensPerSecond:F3} errors={overHttp.Errors} rss_growth={(double)rssEnd / rssFull - 1:F3} " +
                $"rss_growth_from_warmup={(double)rssEnd / rssFirst - 1:F3} http_tps={overHttp.TokensPerSecond:F1} inproc_tps={inProcess.TokensPerSecond:F1} " +
                $"ttft_p50_ms={overHttp.Percentile(0.5):F0} ttft_p95_ms={overHttp.Percentile(0.95):F0} clients={clients} seconds={seconds * rounds}"));
            return overHttp.Errors == 0 ? 0 : 1;
        }
        finally
        {
            if (!server.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
                await server.WaitForExitAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Print(string name, LoadRun run) =>
        Console.WriteLine($"{name,-11} {run.Seconds,8:F1} {run.Requests,9} {run.Errors,7} {run.Tokens,8} {run.TokensPerSecond,8:F1} {run.Percentile(0.5),7:F0}ms {run.Percentile(0.95),7:F0}ms");

    private static Func<int, Action, CancellationToken, Task<double?>> InProcess(LlamaChatClient client, int maxTokens) => async (i, token, cancellationToken) =>
    {
        var clock = Stopwatch.StartNew();
        double? ttft = null;
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Prompt(i))],
            new ChatOptions { MaxOutputTokens = maxTokens, Temperature = 0.8f }, cancellationToken))
        {
            if (update.Text.Length > 0)
            {
                ttft ??= clock.Elapsed.TotalMilliseconds;
                token();
            }
        }

        return ttft;
    };

    // A plain HttpClient reading SSE lines: the cheapest client, so what is measured is the server.
    private static Func<int, Action, CancellationToken, Task<double?>> Http(HttpClient http, string modelId, int maxTokens) => async (i, token, cancellationToken) =>
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                model = modelId,
                messages = new[] { new { role = "user", content = Prompt(i) } },
                max_tokens = maxTokens,
                temperature = 0.8,
                stream = true,
            }),
        }, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        double? ttft = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            if (line == "data: [DONE]")
            {
                return ttft;
            }

            using var chunk = JsonDocument.Parse(line.AsMemory(6));
            var root = chunk.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException(error.GetProperty("message").GetString());
            }

            if (root.GetProperty("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0 &&
                choices[0].GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 })
            {
                ttft ??= clock.Elapsed.TotalMilliseconds;
                token();
            }
        }

        throw new InvalidOperationException("The stream ended without [DONE].");
    };

    private static Process StartServer(string path, string folder, int threads, int context)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "kb.dll"), "serve", "--port", "0", "--chat-model", path, "--store", Path.Combine(folder, "kb.db"),
                     "--threads", threads.ToString(CultureInfo.InvariantCulture), "--context-size", context.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        var server = Process.Start(start)!;
        _ = server.StandardError.ReadToEndAsync();
        return server;
    }

    private static async Task<Uri> ListeningUrlAsync(Process server)
    {
        while (await server.StandardOutput.ReadLineAsync() is { } line)
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                _ = server.StandardOutput.ReadToEndAsync();
                return new Uri(m.Groups[1].Value);
            }
        }

        throw new InvalidOperationException("kb serve did not start.");
    }

    private static string Prompt(int i) => $"Request {i}: once upon a time, in a small village by the sea, there lived";

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    [GeneratedRegex(@"kb: listening on (http://\S+)")]
    private static partial Regex Listening();
}
