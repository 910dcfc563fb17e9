using LocalKernel.Testing;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

public sealed class GgufModelSummaryTests
{
    [Fact]
    public void Stories260K_summary_has_the_readme_facts()
    {
        var summary = GgufModelSummary.Read(TestPaths.Stories260K);

        Assert.Equal("llama", summary.Architecture);
        Assert.Equal(64, summary.EmbeddingLength);
        Assert.Equal(5, summary.BlockCount);
        Assert.Equal(8, summary.HeadCount);
        Assert.Equal(4, summary.HeadCountKv);
        Assert.Equal(172, summary.FeedForwardLength);
        Assert.Equal(2048, summary.ContextLength);
        Assert.Equal(8, summary.HeadDimension);
        Assert.Equal(512, summary.VocabularySize);
        Assert.Equal("llama", summary.TokenizerModel);
        Assert.False(summary.HasChatTemplate);
        Assert.Equal(1, summary.BosTokenId);
        Assert.Equal(2, summary.EosTokenId);

        // The file has no general.file_type: like llama.cpp, the summary guesses from the tensors.
        Assert.Equal(LlamaFileType.AllF32, summary.FileType);
        Assert.True(summary.IsFileTypeGuessed);
        Assert.Equal("all F32 (guessed)", summary.FileTypeName);
        Assert.Equal(32.0, summary.BitsPerWeight);
        Assert.InRange(summary.ParameterCount, 250_000, 300_000);
        Assert.Equal(summary.ParameterCount * 4, summary.TensorBytes);
    }

    [Fact]
    public void Memory_estimate_follows_the_documented_formulas()
    {
        var summary = GgufModelSummary.Read(TestPaths.Stories260K);

        var estimate = ModelMemoryEstimate.For(summary, contextLength: 1024);

        Assert.Equal(summary.TensorBytes, estimate.WeightsBytes);
        Assert.True(estimate.IsKvCacheKnown);
        Assert.Equal(2L * 5 * 1024 * 4 * 8 * 2, estimate.KvCacheBytes); // 2 × n_layer × n_ctx × n_head_kv × head_dim × f16
        var microBatch = 512L;
        var logits = 512 * microBatch * 4;
        var activations = microBatch * ((4 * 64) + (2 * 172)) * 4;
        Assert.Equal(logits + activations, estimate.ComputeBytes);
        Assert.True(estimate.FlashAttention);

        // Without flash attention one layer's full score matrix (larger than the logits here) is counted instead.
        var withoutFlash = ModelMemoryEstimate.For(summary, contextLength: 1024, flashAttention: false);
        Assert.Equal((8 * microBatch * 1024 * 4) + activations, withoutFlash.ComputeBytes);
        Assert.Equal(estimate.WeightsBytes + estimate.KvCacheBytes + estimate.ComputeBytes, estimate.TotalBytes);
        Assert.Equal((long)Math.Ceiling(summary.ParameterCount * 32 / 8.0 * 1.2), estimate.RuleOfThumbBytes);
    }

    [Fact]
    public void Kv_cache_scales_with_context_and_element_size()
    {
        var summary = GgufModelSummary.Read(TestPaths.Stories260K);

        var f16 = ModelMemoryEstimate.For(summary, 2048);
        var q8 = ModelMemoryEstimate.For(summary, 2048, kvTypeBytes: 34.0 / 32);
        var shortContext = ModelMemoryEstimate.For(summary, 256);

        Assert.Equal(f16.KvCacheBytes * 34 / 64, q8.KvCacheBytes);
        Assert.Equal(f16.KvCacheBytes / 8, shortContext.KvCacheBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelMemoryEstimate.For(summary, 0));
    }

    [Fact]
    public void Rule_of_thumb_is_parameters_times_bits_over_eight_plus_twenty_percent()
    {
        // A 7B model at 4.5 bits per weight: 7e9 × 4.5 / 8 × 1.2 = 4.725 GB.
        Assert.Equal(4_725_000_000, ModelMemoryEstimate.RuleOfThumb(7_000_000_000, 4.5));
    }

    [Fact]
    public void Stated_file_type_is_used_and_named_like_llama_cpp()
    {
        var writer = TestModelGenerator.CreateWriter(TestModelSpec.Tiny);
        writer.SetMetadata(GgufMetadataKeys.GeneralFileType, GgufValue.FromUInt32((uint)LlamaFileType.MostlyQ4_K_M));

        var summary = GgufModelSummary.FromFile(GgufReaderTests.Roundtrip(writer));

        Assert.Equal(LlamaFileType.MostlyQ4_K_M, summary.FileType);
        Assert.False(summary.IsFileTypeGuessed);
        Assert.Equal("Q4_K - Medium", summary.FileTypeName);
    }

    [Fact]
    public void Per_layer_head_counts_use_the_largest_value()
    {
        var writer = TestModelGenerator.CreateWriter(TestModelSpec.Tiny);
        writer.SetMetadata("llama.attention.head_count_kv", GgufValue.FromArray(new[] { 2, 4 }));

        var summary = GgufModelSummary.FromFile(GgufReaderTests.Roundtrip(writer));

        Assert.Equal(4, summary.HeadCountKv);
    }

    [Fact]
    public void Key_length_overrides_embedding_over_heads()
    {
        var writer = TestModelGenerator.CreateWriter(TestModelSpec.Tiny);
        writer.SetMetadata("llama.attention.key_length", GgufValue.FromUInt32(32));

        var summary = GgufModelSummary.FromFile(GgufReaderTests.Roundtrip(writer));

        Assert.Equal(32, summary.HeadDimension);
        Assert.Equal(16, summary.ValueLength);
    }
}
