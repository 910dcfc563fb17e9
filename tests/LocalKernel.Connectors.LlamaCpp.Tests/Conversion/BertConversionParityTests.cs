using LocalKernel.Connectors.LlamaCpp.Onnx;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// The two packaged sentence-embedding models, converted to GGUF, embed like the original ONNX model under ONNX
/// Runtime: the same token ids (from the converted tokenizer) go to both, batched through the generator.
/// </summary>
public sealed class BertConversionParityTests
{
    public static TheoryData<string, GgmlType, double> Cases => new()
    {
        { SentenceTransformerPackages.MiniLm, GgmlType.F32, 0.9999 },
        { SentenceTransformerPackages.MiniLm, GgmlType.F16, 0.9999 },
        // Q8_0 in llama.cpp also rounds the activations to 8 bits: on MiniLM the three-token input "?" measures
        // 0.9975-0.9979 (all 56 other texts >= 0.999, mean 0.9996), below the 0.999 the issue hoped for. Keeping
        // ffn_down, attn_output or the token/position tables in F16 measured 0.9979-0.9983 only: the loss is spread
        // over every Q8_0 product (8-bit activations), so only F16 throughout reaches 0.999.
        { SentenceTransformerPackages.MiniLm, GgmlType.Q8_0, 0.997 },
        { SentenceTransformerPackages.ArcticXs, GgmlType.Q8_0, 0.999 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Converted_model_embeds_like_onnx_runtime(string package, GgmlType type, double minimumCosine)
    {
        using var model = LlamaModel.Load(SentenceTransformerPackages.Converted(package, type));
        using var generator = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { Threads = 2 });
        var texts = ParityTexts.All;
        Assert.True(texts.Length >= 50);

        var ours = await generator.GenerateAsync(texts);
        var tokens = texts.Select(t => model.Tokenize(t, addSpecial: true)).ToArray();
        using var oracle = new OnnxRuntimeEmbedder(SentenceTransformerPackages.OnnxModel(package), generator.Pooling == LlamaPoolingType.Cls);
        var reference = oracle.Embed(tokens);

        var cosines = texts.Select((_, i) => Dot(ours[i].Vector.Span, reference[i])).ToArray();
        int worst = Array.IndexOf(cosines, cosines.Min());
        Assert.True(cosines[worst] >= minimumCosine,
            $"{package} {type}: min cosine {cosines[worst]:F6} on '{texts[worst]}' (mean {cosines.Average():F6}; "
            + $"{cosines.Count(c => c < 0.999)} of {texts.Length} below 0.999)");
    }

    [Fact]
    public void Packaged_model_facts_are_recorded_in_the_gguf()
    {
        var mini = GgufReader.Read(SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.Q8_0));
        var arctic = GgufReader.Read(SentenceTransformerPackages.Converted(SentenceTransformerPackages.ArcticXs, GgmlType.Q8_0));
        foreach (var file in new[] { mini, arctic })
        {
            Assert.Equal("bert", file.Architecture);
            Assert.Equal(6u, file.GetUInt32("bert.block_count"));
            Assert.Equal(384u, file.GetUInt32("bert.embedding_length"));
            Assert.Equal(12u, file.GetUInt32("bert.attention.head_count"));
            Assert.Equal(1536u, file.GetUInt32("bert.feed_forward_length"));
            Assert.False(file.GetBoolean("bert.attention.causal"));
            Assert.Equal(2u, file.GetUInt32("tokenizer.ggml.token_type_count"));
            Assert.Equal("bert", file.GetString("tokenizer.ggml.model"));
            Assert.Equal(5 + (6 * 16), file.Tensors.Count);
            Assert.Equal(GgmlType.Q8_0, file.FindTensor("blk.0.attn_q.weight")!.Type);
            Assert.Equal(GgmlType.F32, file.FindTensor("blk.0.attn_q.bias")!.Type);
        }

        Assert.Equal((uint)LlamaPoolingType.Mean, mini.GetUInt32("bert.pooling_type"));
        Assert.Equal(256u, mini.GetUInt32("bert.context_length"));
        Assert.False(mini.TryGetString(BertGgufConverter.QueryPrefixKey, out _));
        Assert.Equal((uint)LlamaPoolingType.Cls, arctic.GetUInt32("bert.pooling_type"));
        Assert.Equal("Represent this sentence for searching relevant passages: ", arctic.GetString(BertGgufConverter.QueryPrefixKey));
    }

    private static double Dot(ReadOnlySpan<float> a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
