using LocalKernel.Testing;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

public sealed class TestModelGeneratorTests
{
    [Fact]
    public void Same_spec_gives_the_same_bytes_and_another_seed_other_weights()
    {
        var first = Generate(TestModelSpec.Tiny);
        var second = Generate(TestModelSpec.Tiny);
        var reseeded = Generate(TestModelSpec.Tiny with { Seed = 7 });

        Assert.Equal(first, second);
        Assert.Equal(first.Length, reseeded.Length);
        Assert.NotEqual(first, reseeded);
    }

    [Fact]
    public void Tiny_model_reads_back_with_the_expected_summary()
    {
        var spec = TestModelSpec.Tiny;

        var summary = GgufModelSummary.FromFile(GgufReader.Read(new MemoryStream(Generate(spec))));

        Assert.Equal("llama", summary.Architecture);
        Assert.Equal(spec.Name, summary.Name);
        Assert.Equal(64, summary.EmbeddingLength);
        Assert.Equal(2, summary.BlockCount);
        Assert.Equal(4, summary.HeadCount);
        Assert.Equal(2, summary.HeadCountKv);
        Assert.Equal(128, summary.FeedForwardLength);
        Assert.Equal(512, summary.ContextLength);
        Assert.Equal(16, summary.HeadDimension);
        Assert.Equal(TestVocabulary.NaturalSize, summary.VocabularySize);
        Assert.Equal("llama", summary.TokenizerModel);
        Assert.True(summary.HasChatTemplate);
        Assert.Equal(TestModelGenerator.ChatMLTemplate, summary.ChatTemplate);
        Assert.Equal(1, summary.BosTokenId);
        Assert.Equal(2, summary.EosTokenId);
        Assert.Equal(LlamaFileType.AllF32, summary.FileType);
        Assert.False(summary.IsFileTypeGuessed);
        Assert.Equal(spec.ParameterCount, summary.ParameterCount);
        Assert.Equal(3 + (2 * 9), summary.TensorCount);
    }

    [Theory]
    [InlineData(GgmlType.F16, LlamaFileType.MostlyF16)]
    [InlineData(GgmlType.Q8_0, LlamaFileType.MostlyQ8_0)]
    [InlineData(GgmlType.Q4_0, LlamaFileType.MostlyQ4_0)]
    public void Quantized_models_keep_norms_in_F32_and_declare_their_file_type(GgmlType type, LlamaFileType fileType)
    {
        var file = GgufReader.Read(new MemoryStream(Generate(TestModelSpec.Tiny with { WeightType = type })));

        Assert.Equal((uint)fileType, file.GetUInt32(GgufMetadataKeys.GeneralFileType));
        Assert.All(file.Tensors, t => Assert.Equal(t.Dimensions.Count == 1 ? GgmlType.F32 : type, t.Type));
        Assert.Equal(fileType, GgufModelSummary.FromFile(file).FileType);
    }

    [Fact]
    public void Tensors_have_the_shapes_llama_cpp_expects_for_the_llama_architecture()
    {
        var spec = TestModelSpec.Tiny;
        var file = GgufReader.Read(new MemoryStream(Generate(spec)));
        long embd = 64, kv = 32, ff = 128, vocab = TestVocabulary.NaturalSize;

        Assert.Equal([embd, vocab], file.FindTensor("token_embd.weight")!.Dimensions);
        Assert.Equal([embd, vocab], file.FindTensor("output.weight")!.Dimensions);
        Assert.Equal([embd], file.FindTensor("output_norm.weight")!.Dimensions);
        for (var layer = 0; layer < spec.BlockCount; layer++)
        {
            var p = $"blk.{layer}.";
            Assert.Equal([embd], file.FindTensor(p + "attn_norm.weight")!.Dimensions);
            Assert.Equal([embd, embd], file.FindTensor(p + "attn_q.weight")!.Dimensions);
            Assert.Equal([embd, kv], file.FindTensor(p + "attn_k.weight")!.Dimensions);
            Assert.Equal([embd, kv], file.FindTensor(p + "attn_v.weight")!.Dimensions);
            Assert.Equal([embd, embd], file.FindTensor(p + "attn_output.weight")!.Dimensions);
            Assert.Equal([embd], file.FindTensor(p + "ffn_norm.weight")!.Dimensions);
            Assert.Equal([embd, ff], file.FindTensor(p + "ffn_gate.weight")!.Dimensions);
            Assert.Equal([embd, ff], file.FindTensor(p + "ffn_up.weight")!.Dimensions);
            Assert.Equal([ff, embd], file.FindTensor(p + "ffn_down.weight")!.Dimensions);
        }

        // llama.cpp refuses a llama model whose rotary dimension differs from the head size.
        Assert.Equal(16u, file.GetUInt32("llama.rope.dimension_count"));
        Assert.Equal((uint)vocab, file.GetUInt32("llama.vocab_size"));
    }

    [Fact]
    public void Weights_are_small_normal_values_and_norms_are_one()
    {
        var bytes = Generate(TestModelSpec.Tiny);
        var file = GgufReader.Read(new MemoryStream(bytes));

        var embeddings = Decode(bytes, file.FindTensor("token_embd.weight")!);
        var mean = embeddings.Average();
        var deviation = Math.Sqrt(embeddings.Average(v => (v - mean) * (v - mean)));

        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(deviation, 0.019, 0.021);
        Assert.All(Decode(bytes, file.FindTensor("blk.1.ffn_norm.weight")!), v => Assert.Equal(1.0f, v));
    }

    [Fact]
    public void Vocabulary_is_a_loadable_sentencepiece_vocabulary()
    {
        var vocabulary = TestVocabulary.Create(null);

        Assert.Equal(vocabulary.Count, vocabulary.Tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["<unk>", "<s>", "</s>"], vocabulary.Tokens.Take(3));
        Assert.Equal([2, 3, 3], vocabulary.TokenTypes.Take(3));
        Assert.Equal("<0x0A>", vocabulary.Tokens[3 + 10]);
        Assert.All(Enumerable.Range(3, 256), id => Assert.Equal(TestVocabulary.TypeByte, vocabulary.TokenTypes[id]));
        Assert.Equal(TestVocabulary.TypeControl, vocabulary.TokenTypes[vocabulary.ImStartId]);
        Assert.Equal(TestVocabulary.TypeControl, vocabulary.TokenTypes[vocabulary.ImEndId]);
        Assert.InRange(vocabulary.Tokens.Count(t => t.StartsWith('\u2581')), 300, 2000);

        // SentencePiece only merges into pieces whose every shorter prefix is a piece too.
        var pieces = vocabulary.Tokens.ToHashSet(StringComparer.Ordinal);
        Assert.All(
            vocabulary.Tokens.Where(t => t.Length > 1 && t[0] == '\u2581'),
            t => Assert.Contains(t[..^1], pieces));
        Assert.All(
            vocabulary.Tokens.Where(t => t.Length > 2 && t[0] == '\u2581'),
            t => Assert.True(vocabulary.Scores[vocabulary.IndexOf(t)] > vocabulary.Scores[vocabulary.IndexOf(t[..^1])]));
    }

    [Fact]
    public void Padded_vocabulary_reaches_the_requested_size_with_unique_tokens()
    {
        var vocabulary = TestVocabulary.Create(4000);

        Assert.Equal(4000, vocabulary.Count);
        Assert.Equal(4000, vocabulary.Tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => TestVocabulary.Create(10));
    }

    [Fact]
    public void Approx60M_spec_has_about_sixty_million_parameters()
    {
        var spec = TestModelSpec.Approx60M;

        spec.Validate();
        Assert.InRange(spec.ParameterCount, 55_000_000, 65_000_000);
        Assert.Equal(32000, spec.ResolvedVocabularySize);
    }

    [Fact]
    public void Cached_model_is_written_once_and_matches_a_direct_write()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"lk-models-{Guid.NewGuid():N}");
        try
        {
            var path = TestModelGenerator.GetOrCreate(TestModelSpec.Tiny, directory);
            var written = File.GetLastWriteTimeUtc(path);

            Assert.Equal(path, TestModelGenerator.GetOrCreate(TestModelSpec.Tiny, directory));
            Assert.Equal(written, File.GetLastWriteTimeUtc(path));
            Assert.Equal(Generate(TestModelSpec.Tiny), File.ReadAllBytes(path));
            Assert.NotEqual(path, TestModelGenerator.GetOrCreate(TestModelSpec.Tiny with { WeightType = GgmlType.F16 }, directory));
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Invalid_specs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TestModelGenerator.CreateWriter(TestModelSpec.Tiny with { HeadCount = 5 }));
        Assert.Throws<ArgumentException>(() => TestModelGenerator.CreateWriter(TestModelSpec.Tiny with { FeedForwardLength = 100, WeightType = GgmlType.Q4_0 }));
        Assert.Throws<ArgumentException>(() => TestModelGenerator.CreateWriter(TestModelSpec.Tiny with { WeightType = GgmlType.Q4_K }));
    }

    private static byte[] Generate(TestModelSpec spec)
    {
        var stream = new MemoryStream();
        TestModelGenerator.Write(spec, stream);
        return stream.ToArray();
    }

    private static float[] Decode(byte[] bytes, GgufTensorInfo tensor)
    {
        var values = new float[tensor.ElementCount];
        GgmlQuantizer.Decode(bytes.AsSpan((int)tensor.FileOffset, (int)tensor.ByteSize), tensor.Type, values);
        return values;
    }
}
