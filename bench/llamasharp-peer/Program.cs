using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;

// The LLamaSharp 0.30 side of `LocalKernel.Bench llamasharp-peer`. One measurement per process, one JSON line on stdout:
//   single <model.gguf> <threads> <gen tokens> <prompt token ids, comma-separated>
//       the raw loop a LLamaSharp user writes for full control: one LLamaBatch for the prompt, then greedy steps
//       (argmax of the logits) fed back one token at a time; prompt tok/s, generation tok/s, TTFT, peak RSS.
//   concurrent <model.gguf> <threads> <gen tokens> <streams>
//       the obvious concurrent API: one StatelessExecutor per request over shared weights, all started together,
//       greedy; aggregate generation tok/s.
// LLamaSharp writes hundreds of native log lines per generation to stderr by default: they are silenced here.
NativeLibraryConfig.All.WithLogCallback((_, _) => { });
var mode = args[0];
var modelPath = args[1];
int threads = int.Parse(args[2], CultureInfo.InvariantCulture);
int genTokens = int.Parse(args[3], CultureInfo.InvariantCulture);
var parameters = new ModelParams(modelPath)
{
    ContextSize = 1024,
    BatchSize = 512,
    UBatchSize = 512,
    Threads = threads,
    BatchThreads = threads,
    GpuLayerCount = 0,
};
using var weights = LLamaWeights.LoadFromFile(parameters);

object result = mode switch
{
    "single" => Single(weights, parameters, genTokens, args[4].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray()),
    "concurrent" => await Concurrent(weights, parameters, genTokens, int.Parse(args[4], CultureInfo.InvariantCulture)),
    _ => throw new ArgumentException($"unknown mode {mode}"),
};
Console.WriteLine(JsonSerializer.Serialize(result));
return 0;

static object Single(LLamaWeights weights, ModelParams parameters, int genTokens, int[] prompt)
{
    using var context = weights.CreateContext(parameters);
    int vocab = context.Vocab.Count;
    var batch = new LLamaBatch();
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < prompt.Length; i++)
    {
        batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Length - 1);
    }

    Check(context.NativeHandle.Decode(batch));
    int next = ArgMax(context.NativeHandle.GetLogitsIth(batch.TokenCount - 1), vocab);
    var ttft = clock.Elapsed;
    clock.Restart();
    int position = prompt.Length;
    for (int i = 1; i < genTokens; i++)
    {
        batch.Clear();
        batch.Add(next, position++, LLamaSeqId.Zero, true);
        Check(context.NativeHandle.Decode(batch));
        next = ArgMax(context.NativeHandle.GetLogitsIth(0), vocab);
    }

    var generation = clock.Elapsed;
    return new
    {
        promptTps = prompt.Length / ttft.TotalSeconds,
        genTps = (genTokens - 1) / generation.TotalSeconds,
        ttftMs = ttft.TotalMilliseconds,
        rssMb = PeakRssMb(),
    };
}

static async Task<object> Concurrent(LLamaWeights weights, ModelParams parameters, int genTokens, int streams)
{
    var clock = Stopwatch.StartNew();
    var counts = await Task.WhenAll(Enumerable.Range(0, streams).Select(i => Task.Run(async () =>
    {
        var executor = new StatelessExecutor(weights, parameters);
        var inference = new InferenceParams { MaxTokens = genTokens, SamplingPipeline = new GreedySamplingPipeline() };
        int pieces = 0;
        await foreach (var _ in executor.InferAsync($"Request {i} {Guid.NewGuid():N}: tell me about the data and the model.", inference))
        {
            pieces++;
        }

        return pieces;
    })));
    return new { tokens = counts.Sum(), seconds = clock.Elapsed.TotalSeconds, aggTps = counts.Sum() / clock.Elapsed.TotalSeconds, rssMb = PeakRssMb() };
}

static void Check(DecodeResult result)
{
    if (result != DecodeResult.Ok)
    {
        throw new InvalidOperationException($"llama_decode returned {result}");
    }
}

static int ArgMax(Span<float> logits, int vocab)
{
    int best = 0;
    for (int i = 1; i < vocab; i++)
    {
        if (logits[i] > logits[best])
        {
            best = i;
        }
    }

    return best;
}

static double PeakRssMb()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}
