using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>The generated test models through the real llama.cpp: load, tokenize, decode, greedy-generate, embed.</summary>
public class GeneratedModelTests(ITestOutputHelper output)
{
    public static TheoryData<GgmlType> WeightTypes => [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0];

    [Theory]
    [MemberData(nameof(WeightTypes))]
    public void A_generated_model_loads_tokenizes_decodes_and_generates_deterministically(GgmlType type)
    {
        var spec = TestModelSpec.Tiny with { WeightType = type };
        using var model = LlamaModel.Load(TestModelGenerator.GetOrCreate(spec));

        Assert.Equal(spec.ResolvedVocabularySize, model.VocabSize);
        Assert.Equal(spec.EmbeddingLength, model.EmbeddingSize);
        Assert.Equal(spec.BlockCount, model.LayerCount);
        Assert.Contains("<|im_start|>", model.ChatTemplate, StringComparison.Ordinal);

        var tokens = model.Tokenize("hello world, the model is small");
        Assert.Equal(model.BosToken, tokens[0]);
        Assert.Equal("hello world, the model is small", model.Detokenize(tokens[1..]).TrimStart());

        using var context = new LlamaContext(model, new LlamaContextOptions { ContextSize = 128 });
        var first = GreedyDecoding.Generate(context, tokens, 16);
        var second = GreedyDecoding.Generate(context, tokens, 16);
        Assert.Equal(first, second);
        Assert.All(context.GetLogits().ToArray(), l => Assert.True(float.IsFinite(l)));
    }

    [Fact]
    public void ChatML_markers_are_single_control_tokens_when_special_tokens_are_parsed()
    {
        using var model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));
        var tokens = model.Tokenize("<|im_start|>user\nhello<|im_end|>", addSpecial: false, parseSpecial: true);
        Assert.Equal(TestVocabulary.ImStart, model.Detokenize([tokens[0]], special: true));
        Assert.Equal(TestVocabulary.ImEnd, model.Detokenize([tokens[^1]], special: true));
        Assert.True(model.IsEndOfGeneration(tokens[^1]) || model.IsEndOfGeneration(model.EosToken));
    }

    [Fact]
    public async Task A_generated_model_embeds_with_unit_vectors_of_its_width()
    {
        using var model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));
        using var generator = new LlamaEmbeddingGenerator(model);
        var embeddings = await generator.GenerateAsync(["hello world", "the model is small"]);

        Assert.Equal(2, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(model.EmbeddingSize, e.Vector.Length));
        Assert.All(embeddings, e => Assert.Equal(1.0, Math.Sqrt(e.Vector.ToArray().Sum(x => (double)x * x)), 3));
        Assert.Equal(model.EmbeddingSize, generator.Metadata.DefaultModelDimensions);
    }

    [Fact]
    public void A_random_weight_model_is_far_more_perplexed_by_a_story_than_the_trained_model()
    {
        using var trained = LlamaModel.Load(TestPaths.Stories260K);
        using var random = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));
        using var trainedContext = new LlamaContext(trained, new LlamaContextOptions { ContextSize = 512 });
        using var randomContext = new LlamaContext(random, new LlamaContextOptions { ContextSize = 512 });

        double story = GreedyDecoding.Perplexity(trainedContext, trained.Tokenize(Stories260KTests.Story));
        double noise = GreedyDecoding.Perplexity(randomContext, random.Tokenize(Stories260KTests.Story));
        output.WriteLine($"perplexity: stories260K {story:F2}, random-weight model {noise:F2} (vocabulary {random.VocabSize})");

        Assert.True(noise > 10 * story, $"random {noise:F2} vs trained {story:F2}");
    }
}
