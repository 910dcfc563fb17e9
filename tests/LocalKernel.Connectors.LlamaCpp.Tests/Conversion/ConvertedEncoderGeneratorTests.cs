namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary><see cref="LlamaEmbeddingGenerator"/> on a converted real encoder: input limit, truncation and prefixes
/// come from the model.</summary>
public sealed class ConvertedEncoderGeneratorTests
{
    private static readonly string LongText = string.Join(' ', Enumerable.Range(0, 120).Select(i => $"Sentence {i} talks about retrieval."));

    [Fact]
    public async Task Input_limit_comes_from_the_model_and_long_inputs_are_refused_or_truncated_with_their_separator()
    {
        using var model = LlamaModel.Load(SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.Q8_0));
        using var strict = new LlamaEmbeddingGenerator(model);
        using var truncating = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { TruncateInputs = true });
        Assert.Equal(256, strict.MaxInputTokens);

        var error = await Assert.ThrowsAsync<LlamaException>(() => strict.GenerateAsync([LongText]));
        Assert.Equal(LlamaStatus.ContextOverflow, error.Status);
        Assert.Contains("256", error.Message);

        var ours = (await truncating.GenerateAsync([LongText, "short"]))[0].Vector.ToArray();
        var tokens = model.Tokenize(LongText);
        Assert.True(tokens.Length > 256);
        int[] cut = [.. tokens[..255], tokens[^1]];
        Assert.Equal(102, cut[^1]); // [SEP] closes the truncated input, as in sentence-transformers
        using var oracle = new OnnxRuntimeEmbedder(SentenceTransformerPackages.OnnxModel(SentenceTransformerPackages.MiniLm), clsPooling: false);
        var reference = oracle.Embed([cut])[0];
        Assert.True(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(ours, reference) > 0.999);
    }

    [Fact]
    public void Query_prefix_is_read_from_the_gguf()
    {
        using var arctic = LlamaModel.Load(SentenceTransformerPackages.Converted(SentenceTransformerPackages.ArcticXs, GgmlType.Q8_0));
        using var mini = LlamaModel.Load(SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.Q8_0));
        using var a = new LlamaEmbeddingGenerator(arctic);
        using var m = new LlamaEmbeddingGenerator(mini);
        Assert.Equal("Represent this sentence for searching relevant passages: ", a.QueryPrefix);
        Assert.Equal(LlamaPoolingType.Cls, a.Pooling);
        Assert.Null(m.QueryPrefix);
        Assert.Equal(LlamaPoolingType.Mean, m.Pooling);
    }
}
