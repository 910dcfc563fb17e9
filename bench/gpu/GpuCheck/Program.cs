using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

// Which llama.cpp backend loads, and prompt / generation tokens per second of the native loop on the generated ~60M
// and ~350M models, with the GPU layers asked for; the first 32 greedy tokens are printed so that a CPU run and a GPU
// run can be compared. Then the aggregate generation rate of 1, 8 and 32 concurrent requests through one
// LlamaChatClient (continuous batching) on the ~350M model, as the concurrency benchmark measures it.
// Usage: LocalKernel.GpuCheck <models-dir> <gpu-layers: auto|N> <threads>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: LocalKernel.GpuCheck <models-dir> <gpu-layers: auto|N> <threads>");
    return 2;
}

const int PromptTokens = 512, GeneratedTokens = 128;
Console.WriteLine(LlamaBackend.EnsureLoaded());
int gpuLayers = args[1] == "auto" ? LlamaModelOptions.AutoGpuLayers : int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
int threads = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
foreach (var spec in new[] { TestModelSpec.Approx60M, TestModelSpec.Approx350M })
{
    string path = TestModelGenerator.GetOrCreate(spec, args[0]);
    var clock = Stopwatch.StartNew();
    using var model = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = gpuLayers });
    double loadMs = clock.Elapsed.TotalMilliseconds;
    using var context = new LlamaContext(model, new LlamaContextOptions { ContextSize = 2048, BatchSize = 512, Threads = threads, BatchThreads = threads });
    var prompt = Enumerable.Range(0, PromptTokens).Select(i => 3 + (i * 7919 % (model.VocabSize - 3))).ToArray();
    double bestPrompt = 0, bestGeneration = 0;
    var tokens = new List<int>();
    for (int run = 0; run < 3; run++) // best of three
    {
        context.ClearMemory();
        clock.Restart();
        context.Decode(prompt, 0);
        bestPrompt = Math.Max(bestPrompt, PromptTokens / clock.Elapsed.TotalSeconds);
        tokens.Clear();
        var next = new int[1];
        clock.Restart();
        for (int i = 0; i < GeneratedTokens; i++)
        {
            next[0] = ArgMax(context.GetLogits());
            tokens.Add(next[0]);
            context.Decode(next, PromptTokens + i);
        }

        bestGeneration = Math.Max(bestGeneration, GeneratedTokens / clock.Elapsed.TotalSeconds);
    }

    Console.WriteLine($"model={spec.Name} params={model.ParameterCount} load_ms={loadMs:F0} gpu_layers={args[1]} threads={threads} prompt_tps={bestPrompt:F1} gen_tps={bestGeneration:F1}");
    Console.WriteLine($"tokens {spec.Name}: {string.Join(',', tokens.Take(32))}");
}

using (var model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Approx350M, args[0]), new LlamaModelOptions { GpuLayers = gpuLayers }))
using (var client = new LlamaChatClient(model, new LlamaChatClientOptions { ContextSize = 512, ParallelRequests = 32, Threads = threads }))
{
    Concurrent(client, 2, TimeSpan.Zero); // warm-up
    foreach (int streams in new[] { 1, 8, 32 })
    {
        var (tokens, seconds) = Concurrent(client, streams, TimeSpan.FromSeconds(2));
        Console.WriteLine($"concurrent model=localkernel-test-350m gpu_layers={args[1]} streams={streams} tokens={tokens} aggregate_tps={tokens / seconds:F1}");
    }
}

return 0;

// Rounds of concurrent greedy requests (64 tokens each, different prompts) until the minimum time has passed.
static (int Tokens, double Seconds) Concurrent(LlamaChatClient client, int streams, TimeSpan minimum)
{
    var clock = Stopwatch.StartNew();
    int tokens = 0;
    do
    {
        var responses = Task.WhenAll(Enumerable.Range(0, streams).Select(i => client.GetResponseAsync(
            [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, $"Request {i} {Guid.NewGuid():N}: tell me about the data.")],
            new Microsoft.Extensions.AI.ChatOptions { Temperature = 0, MaxOutputTokens = 64 }))).GetAwaiter().GetResult();
        tokens += (int)responses.Sum(r => r.Usage!.OutputTokenCount!.Value);
    }
    while (clock.Elapsed < minimum);

    return (tokens, clock.Elapsed.TotalSeconds);
}

static int ArgMax(ReadOnlySpan<float> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++)
    {
        if (values[i] > values[best])
        {
            best = i;
        }
    }

    return best;
}
