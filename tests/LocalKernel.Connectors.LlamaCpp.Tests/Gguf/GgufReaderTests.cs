using LocalKernel.Testing;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

public sealed class GgufReaderTests
{
    [Fact]
    public void Stories260K_reads_with_the_facts_its_readme_states()
    {
        var file = GgufReader.Read(TestPaths.Stories260K);

        Assert.Equal(3u, file.Version);
        Assert.Equal(1_185_376, file.FileLength);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal(64u, file.GetUInt32("llama.embedding_length"));
        Assert.Equal(5u, file.GetUInt32("llama.block_count"));
        Assert.Equal(8u, file.GetUInt32("llama.attention.head_count"));
        Assert.Equal(4u, file.GetUInt32("llama.attention.head_count_kv"));
        Assert.Equal(172u, file.GetUInt32("llama.feed_forward_length"));
        Assert.True(file.GetArchValue("context_length")!.TryGetUInt32(out var context));
        Assert.Equal(2048u, context);
        Assert.Equal(GgufFile.DefaultAlignment, file.Alignment);
        Assert.All(file.Tensors, t => Assert.Equal(GgmlType.F32, t.Type));
        Assert.False(file.Metadata.ContainsKey(GgufMetadataKeys.TokenizerChatTemplate));
    }

    [Fact]
    public void Stories260K_tensor_table_matches_the_llama_layout_and_fills_the_file()
    {
        var file = GgufReader.Read(TestPaths.Stories260K);

        Assert.Equal(3 + (5 * 9), file.Tensors.Count);
        var embeddings = file.FindTensor("token_embd.weight")!;
        Assert.Equal([64L, 512L], embeddings.Dimensions);
        Assert.Equal(64 * 512 * 4, embeddings.ByteSize);
        Assert.Equal([172L, 64L], file.FindTensor("blk.0.ffn_down.weight")!.Dimensions);
        Assert.Equal([64L, 32L], file.FindTensor("blk.4.attn_k.weight")!.Dimensions);

        // The last tensor ends exactly at the end of the file; every tensor is aligned.
        Assert.Equal(file.FileLength, file.Tensors.Max(t => t.FileOffset + t.ByteSize));
        Assert.All(file.Tensors, t => Assert.Equal(0, t.FileOffset % file.Alignment));
        Assert.Equal(file.TensorDataBytes / 4, file.ParameterCount);
    }

    [Fact]
    public void Stories260K_tokenizer_arrays_come_back_typed()
    {
        var file = GgufReader.Read(TestPaths.Stories260K);

        Assert.Equal("llama", file.GetString(GgufMetadataKeys.TokenizerModel));
        Assert.True(file.TryGetStringArray(GgufMetadataKeys.TokenizerTokens, out var tokens));
        Assert.Equal(512, tokens.Length);
        Assert.Equal(["<unk>", "<s>", "</s>", "<0x00>"], tokens.Span[..4].ToArray());
        Assert.True(file.TryGetSingleArray(GgufMetadataKeys.TokenizerScores, out var scores));
        Assert.Equal(512, scores.Length);
        Assert.True(file.TryGetInt32Array(GgufMetadataKeys.TokenizerTokenType, out var types));
        Assert.Equal([2, 3, 3, 6], types[..4]);
        Assert.Equal(1u, file.GetUInt32(GgufMetadataKeys.TokenizerBosTokenId));
        Assert.Equal(2u, file.GetUInt32(GgufMetadataKeys.TokenizerEosTokenId));
    }

    [Fact]
    public void Metadata_keeps_file_order()
    {
        var file = GgufReader.Read(TestPaths.Stories260K);

        Assert.Equal(
            ["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type", "tokenizer.ggml.model", "general.architecture"],
            file.Metadata.Keys.Take(5));
    }

    [Fact]
    public void Integer_getters_accept_any_width_that_fits()
    {
        var writer = new GgufWriter();
        writer.SetMetadata("a.u8", GgufValue.FromUInt8(7));
        writer.SetMetadata("a.i64", GgufValue.FromInt64(4096));
        writer.SetMetadata("a.u64.big", GgufValue.FromUInt64(ulong.MaxValue));
        writer.SetMetadata("a.negative", GgufValue.FromInt32(-1));
        var file = Roundtrip(writer);

        Assert.Equal(7u, file.GetUInt32("a.u8"));
        Assert.Equal(4096u, file.GetUInt32("a.i64"));
        Assert.Equal(ulong.MaxValue, file.GetUInt64("a.u64.big"));
        Assert.False(file.TryGetInt64("a.u64.big", out _));
        Assert.False(file.TryGetUInt32("a.negative", out _));
        Assert.Equal(-1, file.GetInt64("a.negative"));
        Assert.Throws<InvalidOperationException>(() => file.GetUInt32("a.negative"));
        Assert.Throws<KeyNotFoundException>(() => file.GetString("a.missing"));
    }

    [Fact]
    public void Missing_file_is_FileNotFoundException_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.gguf");

        var error = Assert.Throws<FileNotFoundException>(() => GgufReader.Read(path));

        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_without_tensors_is_valid()
    {
        var writer = new GgufWriter();
        writer.SetMetadata("general.architecture", GgufValue.FromString("llama"));

        var file = Roundtrip(writer);

        Assert.Empty(file.Tensors);
        Assert.Equal(0, file.ParameterCount);
        Assert.Equal("llama", file.Architecture);
    }

    [Fact]
    public void Reading_starts_at_the_stream_position()
    {
        var writer = new GgufWriter();
        writer.SetMetadata("general.name", GgufValue.FromString("offset"));
        var stream = new MemoryStream();
        stream.Write(new byte[100]);
        writer.WriteTo(stream);
        stream.Position = 100;

        var file = GgufReader.Read(stream);

        Assert.Equal("offset", file.GetString("general.name"));
        Assert.Equal(stream.Length - 100, file.FileLength);
    }

    internal static GgufFile Roundtrip(GgufWriter writer)
    {
        var stream = new MemoryStream();
        writer.WriteTo(stream);
        stream.Position = 0;
        return GgufReader.Read(stream);
    }
}
