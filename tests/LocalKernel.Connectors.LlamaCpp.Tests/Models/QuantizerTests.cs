namespace LocalKernel.Connectors.LlamaCpp.Tests;

public sealed class QuantizerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("localkernel-quantize-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(LlamaFileType.MostlyQ8_0, 9.0)]
    [InlineData(LlamaFileType.MostlyQ4_K_M, 6.0)]
    public void An_F32_model_quantizes_loads_and_generates(LlamaFileType type, double maxBitsPerWeight)
    {
        // n_embd 256 so the K-quants (256-element super-blocks) apply to every matrix.
        var source = TestModelGenerator.GetOrCreate(TestModelSpec.Tiny with { Name = "quantize-source", EmbeddingLength = 256, FeedForwardLength = 512 });
        var target = Path.Combine(_directory, $"{type}.gguf");

        LlamaQuantizer.Quantize(source, target, type);

        var summary = GgufModelSummary.Read(target);
        output.WriteLine($"{type}: {new FileInfo(source).Length:N0} → {new FileInfo(target).Length:N0} bytes, {summary.BitsPerWeight:F2} bits per weight");
        Assert.Equal(type, summary.FileType);
        Assert.True(summary.BitsPerWeight < maxBitsPerWeight, $"{summary.BitsPerWeight} bits per weight");
        using var model = LlamaModel.Load(target);
        using var context = new LlamaContext(model, new LlamaContextOptions { ContextSize = 64 });
        Assert.Equal(8, GreedyDecoding.Generate(context, model.Tokenize("hello world"), 8).Count(t => t >= 0));
    }

    [Fact]
    public void A_corrupt_input_is_a_gguf_error_and_no_output_is_left()
    {
        var bad = Path.Combine(_directory, "bad.gguf");
        File.WriteAllText(bad, "not a model");
        var target = Path.Combine(_directory, "out.gguf");
        Assert.Throws<GgufFormatException>(() => LlamaQuantizer.Quantize(bad, target, LlamaFileType.MostlyQ8_0));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Quantizing_onto_the_input_is_refused()
    {
        var source = TestModelGenerator.GetOrCreate(TestModelSpec.Tiny);
        Assert.Throws<ArgumentException>(() => LlamaQuantizer.Quantize(source, source, LlamaFileType.MostlyQ8_0));
    }
}
