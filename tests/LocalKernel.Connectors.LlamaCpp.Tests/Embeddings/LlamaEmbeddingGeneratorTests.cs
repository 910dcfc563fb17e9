using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

public sealed class LlamaEmbeddingGeneratorTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "hello world", "the model is small", "a question and an answer", "one two three four five",
        "the little dog ran in the park", "data and text", "please help", "what is the name of the file",
    ];

    private readonly LlamaModel _model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));

    public void Dispose() => _model.Dispose();

    [Fact]
    public async Task Inputs_embedded_together_equal_inputs_embedded_one_at_a_time()
    {
        using var generator = new LlamaEmbeddingGenerator(_model);
        var together = await generator.GenerateAsync(Texts);
        for (int i = 0; i < Texts.Length; i++)
        {
            var alone = (await generator.GenerateAsync([Texts[i]]))[0].Vector.ToArray();
            var batched = together[i].Vector.ToArray();
            for (int d = 0; d < alone.Length; d++)
            {
                Assert.True(Math.Abs(alone[d] - batched[d]) < 1e-4f, $"input {i}, dimension {d}: {alone[d]} vs {batched[d]}");
            }
        }
    }

    [Theory]
    [InlineData(3)] // not a power of two: llama.cpp would abort on it if the context were sized exactly so
    [InlineData(5)]
    public async Task More_inputs_than_one_batch_holds_are_split_and_keep_their_order(int perBatch)
    {
        using var small = new LlamaEmbeddingGenerator(_model, new LlamaEmbeddingGeneratorOptions { MaxInputsPerBatch = perBatch });
        using var large = new LlamaEmbeddingGenerator(_model);
        var a = await small.GenerateAsync(Texts);
        var b = await large.GenerateAsync(Texts);
        Assert.Equal(Texts.Length, a.Count);
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(b[i].Vector.ToArray(), a[i].Vector.ToArray(), (x, y) => Math.Abs(x - y) < 1e-4f);
        }
    }

    [Fact]
    public async Task Vectors_are_unit_length_by_default_and_raw_when_asked()
    {
        using var normalized = new LlamaEmbeddingGenerator(_model);
        using var raw = new LlamaEmbeddingGenerator(_model, new LlamaEmbeddingGeneratorOptions { Normalize = false });
        var n = (await normalized.GenerateAsync(["hello world"]))[0].Vector.ToArray();
        var r = (await raw.GenerateAsync(["hello world"]))[0].Vector.ToArray();
        double rawNorm = Math.Sqrt(r.Sum(x => (double)x * x));
        Assert.Equal(1.0, Math.Sqrt(n.Sum(x => (double)x * x)), 4);
        Assert.NotEqual(1.0, rawNorm, 2);
        for (int d = 0; d < n.Length; d++)
        {
            Assert.Equal(r[d] / rawNorm, n[d], 4);
        }
    }

    [Fact]
    public async Task Pooling_defaults_to_mean_for_a_model_that_states_none_and_can_be_overridden()
    {
        using var mean = new LlamaEmbeddingGenerator(_model);
        using var last = new LlamaEmbeddingGenerator(_model, new LlamaEmbeddingGeneratorOptions { Pooling = LlamaPoolingType.Last });
        Assert.Equal(LlamaPoolingType.Mean, mean.Pooling);
        Assert.Equal(LlamaPoolingType.Last, last.Pooling);
        var a = (await mean.GenerateAsync(["the little dog ran in the park"]))[0].Vector.ToArray();
        var b = (await last.GenerateAsync(["the little dog ran in the park"]))[0].Vector.ToArray();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task An_input_longer_than_the_limit_is_an_error_naming_the_limit()
    {
        using var generator = new LlamaEmbeddingGenerator(_model, new LlamaEmbeddingGeneratorOptions { MaxInputTokens = 16 });
        var e = await Assert.ThrowsAsync<LlamaException>(() => generator.GenerateAsync(["short", string.Join(' ', Enumerable.Repeat("hello world", 20))]));
        Assert.Equal(LlamaStatus.ContextOverflow, e.Status);
        Assert.Contains("Input 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_and_metadata_are_reported()
    {
        using var generator = new LlamaEmbeddingGenerator(_model);
        var result = await generator.GenerateAsync(["hello world", "please help"]);
        Assert.True(result.Usage!.InputTokenCount >= 4);
        Assert.Equal(_model.EmbeddingSize, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
        Assert.All(result, e => Assert.Equal(generator.Metadata.DefaultModelId, e.ModelId));
    }

    [Fact]
    public async Task The_DI_helpers_register_a_chat_client_and_an_embedding_generator_sharing_one_model()
    {
        var path = TestModelGenerator.GetOrCreate(TestModelSpec.Tiny);
        var services = new ServiceCollection();
        services.AddLlamaChatClient(path, o => o.ContextSize = 128).ConfigureOptions(o => o.Seed ??= 1);
        services.AddLlamaEmbeddingGenerator(path);
        services.AddKeyedLlamaChatClient("second", path, o => o.ContextSize = 64);
        await using var provider = services.BuildServiceProvider();

        var chat = provider.GetRequiredService<IChatClient>();
        var embeddings = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.Same(chat.GetService<LlamaModel>(), embeddings.GetService<LlamaModel>());
        Assert.Same(chat.GetService<LlamaModel>(), provider.GetRequiredKeyedService<IChatClient>("second").GetService<LlamaModel>());
        Assert.NotNull(chat.GetService<ConfigureOptionsChatClient>()); // the returned builder's middleware is in the pipeline
        var response = await chat.GetResponseAsync("hello", new ChatOptions { Temperature = 0, MaxOutputTokens = 4 });
        Assert.NotNull(response.FinishReason);
        Assert.Single(await embeddings.GenerateAsync(["hello"]));
    }
}
