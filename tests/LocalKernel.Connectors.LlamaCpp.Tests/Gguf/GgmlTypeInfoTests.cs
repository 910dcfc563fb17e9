namespace LocalKernel.Connectors.LlamaCpp.Tests;

public sealed class GgmlTypeInfoTests
{
    [Theory]
    [InlineData(GgmlType.F32, 1, 4, 32.0)]
    [InlineData(GgmlType.F16, 1, 2, 16.0)]
    [InlineData(GgmlType.BF16, 1, 2, 16.0)]
    [InlineData(GgmlType.Q4_0, 32, 18, 4.5)]
    [InlineData(GgmlType.Q8_0, 32, 34, 8.5)]
    [InlineData(GgmlType.Q4_K, 256, 144, 4.5)]
    [InlineData(GgmlType.Q6_K, 256, 210, 6.5625)]
    [InlineData(GgmlType.IQ2_XXS, 256, 66, 2.0625)]
    [InlineData(GgmlType.IQ4_XS, 256, 136, 4.25)]
    [InlineData(GgmlType.TQ1_0, 256, 54, 1.6875)]
    [InlineData(GgmlType.MXFP4, 32, 17, 4.25)]
    public void Block_layouts_match_ggml(GgmlType type, int blockSize, int bytesPerBlock, double bits)
    {
        var info = GgmlTypeInfo.Get(type);

        Assert.Equal(blockSize, info.BlockSize);
        Assert.Equal(bytesPerBlock, info.BytesPerBlock);
        Assert.Equal(bits, info.BitsPerElement);
    }

    [Fact]
    public void Every_defined_type_has_a_layout_and_removed_ones_do_not()
    {
        Assert.All(Enum.GetValues<GgmlType>(), type => Assert.True(GgmlTypeInfo.TryGet(type, out _)));
        Assert.Equal(Enum.GetValues<GgmlType>().Length, GgmlTypeInfo.All.Count);
        Assert.False(GgmlTypeInfo.TryGet((GgmlType)4, out _));
        Assert.False(GgmlTypeInfo.TryGet((GgmlType)43, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => GgmlTypeInfo.Get((GgmlType)33));
    }

    [Fact]
    public void Byte_size_requires_whole_blocks()
    {
        Assert.Equal(18 * 4, GgmlTypeInfo.Get(GgmlType.Q4_0).GetByteSize(128));
        Assert.Throws<ArgumentException>(() => GgmlTypeInfo.Get(GgmlType.Q4_0).GetByteSize(100));
    }

    [Fact]
    public void File_type_names_match_llama_cpp()
    {
        Assert.Equal("all F32", LlamaFileType.AllF32.GetDisplayName());
        Assert.Equal("Q8_0", LlamaFileType.MostlyQ8_0.GetDisplayName());
        Assert.Equal("Q4_K - Medium", LlamaFileType.MostlyQ4_K_M.GetDisplayName());
        Assert.Equal("unknown (999)", ((LlamaFileType)999).GetDisplayName());
        Assert.Equal(LlamaFileType.MostlyQ4_0, LlamaFileTypeExtensions.FromTensorType(GgmlType.Q4_0));
    }
}
