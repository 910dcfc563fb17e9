using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Our own conformance suite for <see cref="LlamaEmbeddingGenerator"/>, on the categories of Microsoft.Extensions.AI's
/// embedding generator integration tests a random-weight model can pass: one and many inputs, order, usage,
/// metadata, determinism, middleware.
/// </summary>
public sealed class LlamaEmbeddingGeneratorConformanceTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));

    public void Dispose() => _model.Dispose();

    [Fact]
    public async Task One_input_gives_one_vector_of_the_advertised_dimensions_with_usage()
    {
        using var generator = new LlamaEmbeddingGenerator(_model);
        var embeddings = await generator.GenerateAsync(["Using AI with .NET"]);

        var embedding = Assert.Single(embeddings);
        Assert.Equal(generator.Metadata.DefaultModelDimensions, embedding.Vector.Length);
        Assert.Equal(generator.Metadata.DefaultModelId, embedding.ModelId);
        Assert.NotNull(embedding.CreatedAt);
        Assert.True(embeddings.Usage!.InputTokenCount > 0);
        Assert.Equal(embeddings.Usage.InputTokenCount, embeddings.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Many_inputs_give_vectors_in_input_order_the_same_as_alone()
    {
        using var generator = new LlamaEmbeddingGenerator(_model);
        string[] inputs = ["red", "a longer sentence about the sea", "blue", ""];
        var together = await generator.GenerateAsync(inputs[..3]);
        Assert.Equal(3, together.Count);
        for (int i = 0; i < 3; i++)
        {
            var alone = await generator.GenerateVectorAsync(inputs[i]);
            Assert.Equal(alone.ToArray(), together[i].Vector.ToArray(), (a, b) => Math.Abs(a - b) < 1e-4f);
        }

        Assert.Empty(await generator.GenerateAsync([]));
    }

    [Fact]
    public async Task The_generator_composes_with_middleware_and_answers_GetService()
    {
        using var generator = new LlamaEmbeddingGenerator(_model);
        int calls = 0;
        using var pipeline = new EmbeddingGeneratorBuilder<string, Embedding<float>>(generator)
            .Use(async (inputs, options, inner, token) =>
            {
                calls++;
                return await inner.GenerateAsync(inputs, options, token);
            })
            .Build();

        var vector = await pipeline.GenerateVectorAsync("hello");
        Assert.Equal(1, calls);
        Assert.Equal((await generator.GenerateVectorAsync("hello")).ToArray(), vector.ToArray());
        Assert.Same(generator, pipeline.GetService<LlamaEmbeddingGenerator>());
        Assert.Same(_model, pipeline.GetService<LlamaModel>());
        Assert.Equal("llama.cpp", pipeline.GetService<EmbeddingGeneratorMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task A_cancelled_request_is_cancelled()
    {
        using var generator = new LlamaEmbeddingGenerator(_model);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["text"], cancellationToken: cancelled.Token));
    }
}
