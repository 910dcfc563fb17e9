using System.Globalization;
using System.Text.RegularExpressions;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// The planner's estimate against what llama.cpp really allocates (the buffer sizes it logs) on generated
/// models of three sizes at two context lengths.
/// </summary>
[Collection(NativeLogCollection.Name)]
public sealed partial class MemoryPlannerTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var size in new[] { "tiny", "small", "60M" })
        {
            foreach (var context in new[] { 512, 2048 })
            {
                data.Add(size, context);
            }
        }

        return data;
    }

    internal static TestModelSpec Spec(string size) => size switch
    {
        "tiny" => TestModelSpec.Tiny with { ContextLength = 2048 },
        "small" => TestModelSpec.Tiny with { Name = "planner-small", EmbeddingLength = 256, BlockCount = 4, HeadCount = 8, HeadCountKv = 4, FeedForwardLength = 768, ContextLength = 2048, VocabularySize = 8000, WeightType = GgmlType.F16 },
        _ => TestModelSpec.Approx60M,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_estimate_is_close_to_what_llama_cpp_allocates(string size, int context)
    {
        var (estimated, actual) = Measure(Spec(size), context);
        double error = (double)(estimated - actual) / actual;
        output.WriteLine($"{size,-6} ctx {context,5}: estimated {estimated / 1048576.0,8:F2} MiB, llama.cpp {actual / 1048576.0,8:F2} MiB, error {error,7:P1}");
        Assert.InRange(error, -0.35, 0.35);
    }

    /// <summary>Estimated and allocated bytes (weights + KV cache + output and compute buffers) for one model and context.</summary>
    internal static (long Estimated, long Actual) Measure(TestModelSpec spec, int context)
    {
        var path = TestModelGenerator.GetOrCreate(spec);
        var estimate = ModelMemoryEstimate.For(GgufModelSummary.Read(path), context);
        var loggers = new CapturingLoggerFactory();
        LlamaBackend.EnsureLoaded(loggerFactory: loggers);
        int thread = Environment.CurrentManagedThreadId;
        using (var model = LlamaModel.Load(path))
        using (new LlamaContext(model, new LlamaContextOptions { ContextSize = context, BatchSize = 512 }))
        {
        }

        long actual = loggers.Lines
            .Where(l => l.ThreadId == thread)
            .Select(l => BufferSize().Match(l.Message))
            .Where(m => m.Success)
            .Sum(m => (long)(double.Parse(m.Groups["mib"].Value, CultureInfo.InvariantCulture) * 1048576));
        return (estimate.TotalBytes, actual);
    }

    [Fact]
    public void Gpu_layers_fill_the_free_memory_from_the_last_layer()
    {
        var file = GgufReader.Read(TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M));
        Assert.Equal(0, LlamaMemoryPlanner.RecommendGpuLayers(file, 2048, 1024));
        Assert.Equal(9, LlamaMemoryPlanner.RecommendGpuLayers(file, 2048, 8L << 30)); // 8 layers + output
        int some = LlamaMemoryPlanner.RecommendGpuLayers(file, 2048, 100L << 20);
        Assert.InRange(some, 1, 8);
    }

    [Fact]
    public void The_largest_context_grows_with_the_ram_and_is_capped_at_the_trained_context()
    {
        var file = GgufReader.Read(TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M));
        int small = LlamaMemoryPlanner.LargestContext(file, 120L << 20);
        int large = LlamaMemoryPlanner.LargestContext(file, 1L << 30);
        Assert.True(small < large, $"{small} vs {large}");
        Assert.Equal(2048, large);
        Assert.Equal(0, LlamaMemoryPlanner.LargestContext(file, 1L << 20));
    }

    [GeneratedRegex(@"buffer size =\s+(?<mib>[0-9.]+) MiB")]
    private static partial Regex BufferSize();
}
