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
/// Load on <c>kb serve</c>: N concurrent streaming clients over HTTP for a fixed time, against the same number of
/// concurrent streams through an in-process <see cref="LlamaChatClient"/> with the server's settings (same model,
/// context, slots and threads), one after the other in the same run. Reports errors, time to first token p50/p95,
/// aggregate tokens/s of each, and the server's RSS after warm-up and at the end.
/// result: overhead_ratio = HTTP tokens/s ÷ in-process tokens/s; errors; rss_growth = end RSS ÷ RSS under full load (after a fifth of the run, at most 60 s) − 1.
/// Options: --model file.gguf (default: the generated ~60M model), --clients 64, --seconds 60,
/// --baseline-seconds (default --seconds), --max-tokens 64, --threads, --context-size 1024.
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
        int maxTokens = arguments.GetInts("max-tokens", 64)[0];
        int threads = arguments.GetInts("threads", LlamaThreading.PhysicalCoreCount)[0];
        int context = arguments.GetInts("context-size", 1024)[0];
        Console.WriteLine($"{Path.GetFileName(path)}; {clients} clients; {maxTokens} tokens each; threads {threads}; context {context}; {Slots} slots");

        var inProcess = RunInProcess(path, clients, baselineSeconds, maxTokens, threads, context);
        var http = RunHttpAsync(path, clients, seconds, maxTokens, threads, context).GetAwaiter().GetResult();

        Console.WriteLine($"{"path",-11} {"seconds",8} {"requests",9} {"errors",7} {"tokens",8} {"tok/s",8} {"ttft p50",9} {"ttft p95",9}");
        Print("in-process", inProcess);
        Print("http", http.Run);
        Console.WriteLine($"server RSS: {http.RssFirst / 1048576.0:F1} MiB after one request, {http.RssStart / 1048576.0:F1} MiB under full load (after {Math.Min(60, seconds / 5.0):F0} s), {http.RssEnd / 1048576.0:F1} MiB at the end");
        double ratio = http.Run.TokensPerSecond / inProcess.TokensPerSecond;
        double growth = (double)http.RssEnd / http.RssStart - 1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result: overhead_ratio={ratio:F3} errors={http.Run.Errors} rss_growth={growth:F3} rss_growth_from_first={(double)http.RssEnd / http.RssFirst - 1:F3} http_tps={http.Run.TokensPerSecond:F1} inproc_tps={inProcess.TokensPerSecond:F1} " +
            $"ttft_p50_ms={http.Run.Percentile(0.5):F0} ttft_p95_ms={http.Run.Percentile(0.95):F0} clients={clients} seconds={seconds}"));
        return http.Run.Errors == 0 ? 0 : 1;
    }

    private static void Print(string name, LoadRun run) =>
        Console.WriteLine($"{name,-11} {run.Seconds,8:F1} {run.Requests,9} {run.Errors,7} {run.Tokens,8} {run.TokensPerSecond,8:F1} {run.Percentile(0.5),7:F0}ms {run.Percentile(0.95),7:F0}ms");

    private static LoadRun RunInProcess(string path, int clients, int seconds, int maxTokens, int threads, int context)
    {
        using var model = LlamaModel.Load(path);
        using var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = context, ParallelRequests = Slots, Threads = threads, TrimHistoryToFit = true });
        async Task<(int Tokens, double? Ttft)> OneAsync(int i, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            double? ttft = null;
            int tokens = 0;
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Prompt(i))],
                new ChatOptions { MaxOutputTokens = maxTokens, Temperature = 0.8f }, cancellationToken))
            {
                if (ttft is null && update.Text.Length > 0)
                {
                    ttft = clock.Elapsed.TotalMilliseconds;
                }

                tokens += update.Contents.OfType<UsageContent>().Sum(u => (int)(u.Details.OutputTokenCount ?? 0));
            }

            return (tokens, ttft);
        }

        OneAsync(0, CancellationToken.None).GetAwaiter().GetResult(); // warm-up
        return LoadRun.DriveAsync(clients, seconds, OneAsync).GetAwaiter().GetResult();
    }

    private static async Task<(LoadRun Run, long RssFirst, long RssStart, long RssEnd)> RunHttpAsync(string path, int clients, int seconds, int maxTokens, int threads, int context)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kb-serve-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "kb.dll"), "serve", "--port", "0", "--chat-model", path, "--store", Path.Combine(folder, "kb.db"),
                     "--threads", threads.ToString(CultureInfo.InvariantCulture), "--context-size", context.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var server = Process.Start(start)!;
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            Uri? url = null;
            while (url is null && await server.StandardOutput.ReadLineAsync() is { } line)
            {
                url = Listening().Match(line) is { Success: true } m ? new Uri(m.Groups[1].Value) : null;
            }

            _ = server.StandardOutput.ReadToEndAsync();
            using var http = new HttpClient { BaseAddress = url ?? throw new InvalidOperationException("kb serve did not start."), Timeout = Timeout.InfiniteTimeSpan };
            var modelId = Path.GetFileNameWithoutExtension(path);
            async Task<(int Tokens, double? Ttft)> OneAsync(int i, CancellationToken cancellationToken)
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
                        stream_options = new { include_usage = true },
                    }),
                }, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
                double? ttft = null;
                int tokens = 0;
                bool done = false;
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (!line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (line == "data: [DONE]")
                    {
                        done = true;
                        break;
                    }

                    using var chunk = JsonDocument.Parse(line.AsMemory(6));
                    var root = chunk.RootElement;
                    if (root.TryGetProperty("error", out var error))
                    {
                        throw new InvalidOperationException(error.GetProperty("message").GetString());
                    }

                    if (ttft is null && root.GetProperty("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0 &&
                        choices[0].GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 })
                    {
                        ttft = clock.Elapsed.TotalMilliseconds;
                    }

                    if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                    {
                        tokens = usage.GetProperty("completion_tokens").GetInt32();
                    }
                }

                return done ? (tokens, ttft) : throw new InvalidOperationException("The stream ended without [DONE].");
            }

            await OneAsync(0, CancellationToken.None); // warm-up
            long rssFirst = Rss(server.Id);
            // Steady state: all clients connected and the queue full; growth after that is what a leak would show.
            var steady = Task.Delay(TimeSpan.FromSeconds(Math.Min(60, seconds / 5.0))).ContinueWith(_ => Rss(server.Id), TaskScheduler.Default);
            var run = await LoadRun.DriveAsync(clients, seconds, OneAsync);
            long rssEnd = Rss(server.Id);
            return (run, rssFirst, await steady, rssEnd);
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

    private static string Prompt(int i) => $"Request {i}: once upon a time, in a small village by the sea, there lived";

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    [GeneratedRegex(@"kb: listening on (http://\S+)")]
    private static partial Regex Listening();
}
