using LocalKernel.Testing;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Each malformed file is a <see cref="GgufFormatException"/> that names the problem and where it is.</summary>
public sealed class GgufMalformedInputTests
{
    // Offsets of the header fields.
    private const long TensorCountOffset = 8;
    private const long MetadataCountOffset = 16;
    private const long FirstEntryOffset = 24;

    [Fact]
    public void Text_file_is_not_gguf()
    {
        var error = Read("Once upon a time there was a file that was not a model."u8.ToArray());

        Assert.Equal(0, error.Offset);
        Assert.Contains("Not a GGUF file", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Once'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Files_shorter_than_the_magic_are_not_gguf(int length)
    {
        var error = Read(new byte[length]);

        Assert.Equal(0, error.Offset);
    }

    [Theory]
    [InlineData(0u, "cannot be read")]
    [InlineData(1u, "version 1 is no longer supported")]
    [InlineData(4u, "supported versions are 2 and 3")]
    [InlineData(0x03000000u, "byte-swapped")]
    public void Unsupported_versions_are_refused(uint version, string expected)
    {
        var error = Read(new RawGgufBuilder().Header(0, 0, version).ToArray());

        Assert.Equal(4, error.Offset);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_2_is_accepted()
    {
        var file = GgufReader.Read(new MemoryStream(new RawGgufBuilder().Header(0, 1, version: 2).KeyUInt32("x", 1).ToArray()));

        Assert.Equal(2u, file.Version);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1L << 40)]
    [InlineData(long.MaxValue)]
    public void Absurd_metadata_count_is_refused(long count)
    {
        var error = Read(new RawGgufBuilder().Header(0, count).KeyUInt32("x", 1).ToArray());

        Assert.Equal(MetadataCountOffset, error.Offset);
        Assert.Contains("metadata entry count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_count_larger_than_the_file_can_hold_is_refused()
    {
        // 1000 entries cannot fit in the 12 bytes that follow, although 1000 is below every limit.
        var error = Read(new RawGgufBuilder().Header(0, 1000).KeyUInt32("x", 1).ToArray());

        Assert.Equal(MetadataCountOffset, error.Offset);
        Assert.Contains("cannot fit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_tensor_count_is_refused()
    {
        var error = Read(new RawGgufBuilder().Header(1L << 50, 0).Zeros(64).ToArray());

        Assert.Equal(TensorCountOffset, error.Offset);
    }

    [Fact]
    public void Absurd_string_length_is_refused_with_its_offset()
    {
        var bytes = new RawGgufBuilder().Header(0, 1).UInt64(uint.MaxValue).Zeros(16).ToArray();

        var error = Read(bytes);

        Assert.Equal(FirstEntryOffset, error.Offset);
        Assert.Equal(
            $"GGUF string length 4294967295 at offset 24 (a metadata key) runs past the end of the file (size {bytes.Length}).",
            error.Message);
    }

    [Fact]
    public void String_over_the_configured_limit_is_refused()
    {
        var bytes = new RawGgufBuilder().Header(0, 1).KeyString("long", new string('x', 1000)).ToArray();

        var error = Assert.Throws<GgufFormatException>(
            () => GgufReader.Read(new MemoryStream(bytes), new GgufReadLimits { MaxStringLength = 100 }));

        Assert.Contains("exceeds the limit of 100 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(FirstEntryOffset + 8 + 4 + 4, error.Offset);
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 40)]
    [InlineData(1000UL)]
    public void Absurd_array_length_is_refused(ulong length)
    {
        var builder = new RawGgufBuilder().Header(0, 1).String("arr").Int32((int)GgufValueType.Array).Int32((int)GgufValueType.UInt32);
        var lengthOffset = builder.Position;
        var error = Read(builder.UInt64(length).Zeros(40).ToArray());

        Assert.Equal(lengthOffset, error.Offset);
        Assert.Contains("array length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrays_nested_deeper_than_the_limit_are_refused()
    {
        var builder = new RawGgufBuilder().Header(0, 1).String("deep").Int32((int)GgufValueType.Array);
        for (var depth = 0; depth < 10; depth++)
        {
            builder.Int32((int)GgufValueType.Array).UInt64(1);
        }

        var error = Read(builder.Int32((int)GgufValueType.UInt8).UInt64(0).ToArray());

        Assert.Contains("nested 5 deep; the limit is 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Unknown_value_type_is_refused(int type)
    {
        var error = Read(new RawGgufBuilder().Header(0, 1).String("key").Int32(type).UInt32(0).ToArray());

        Assert.Equal(FirstEntryOffset + 8 + 3, error.Offset);
        Assert.Contains($"value type {type}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_is_refused()
    {
        var builder = new RawGgufBuilder().Header(0, 2).KeyUInt32("general.x", 1);
        var secondOffset = builder.Position;

        var error = Read(builder.KeyUInt32("general.x", 2).ToArray());

        Assert.Equal(secondOffset, error.Offset);
        Assert.Contains("'general.x' at offset", error.Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_key_is_refused()
    {
        var error = Read(new RawGgufBuilder().Header(0, 1).KeyUInt32(string.Empty, 1).ToArray());

        Assert.Equal(FirstEntryOffset, error.Offset);
    }

    [Theory]
    [InlineData(GgufValueType.UInt64, 32UL)]
    [InlineData(GgufValueType.UInt32, 48UL)]
    [InlineData(GgufValueType.UInt32, 0UL)]
    public void Alignment_must_be_a_uint32_power_of_two(GgufValueType type, ulong value)
    {
        var builder = new RawGgufBuilder().Header(0, 1).String("general.alignment").Int32((int)type);
        var valueOffset = builder.Position;
        var bytes = (type == GgufValueType.UInt64 ? builder.UInt64(value) : builder.UInt32((uint)value)).ToArray();

        var error = Read(bytes);

        Assert.Equal(valueOffset, error.Offset);
        Assert.Contains("general.alignment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_beyond_the_end_of_the_file_is_refused()
    {
        var builder = new RawGgufBuilder().Header(1, 0);
        var bytes = builder.Tensor("t", [64], GgmlType.F32, offset: 0).Pad().Zeros(100).ToArray(); // needs 256

        var error = Read(bytes);

        Assert.Equal(FirstEntryOffset + 8 + 1 + 4 + 8 + 4, error.Offset);
        Assert.Contains("'t'", error.Message, StringComparison.Ordinal);
        Assert.Contains("runs past the end of the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_offset_past_every_limit_is_refused()
    {
        var error = Read(new RawGgufBuilder().Header(1, 0).Tensor("t", [32], GgmlType.F32, ulong.MaxValue - 31).Pad().Zeros(128).ToArray());

        Assert.Contains("runs past the end of the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misaligned_tensor_offset_is_refused()
    {
        var error = Read(new RawGgufBuilder().Header(1, 0).Tensor("t", [4], GgmlType.F32, offset: 16).Pad().Zeros(64).ToArray());

        Assert.Equal(FirstEntryOffset + 8 + 1 + 4 + 8 + 4, error.Offset);
        Assert.Contains("not a multiple of the alignment 32", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]   // Q4_2, removed
    [InlineData(31)]  // Q4_0_4_4, removed from files
    [InlineData(43)]  // GGML_TYPE_COUNT
    [InlineData(-7)]
    public void Unknown_tensor_type_is_refused(int type)
    {
        var error = Read(new RawGgufBuilder().Header(1, 0).Tensor("t", [32], (GgmlType)type, 0).Pad().Zeros(256).ToArray());

        Assert.Equal(FirstEntryOffset + 8 + 1 + 4 + 8, error.Offset);
        Assert.Contains($"unknown ggml type {type}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_tensor_name_is_refused()
    {
        var builder = new RawGgufBuilder().Header(2, 0).Tensor("t", [8], GgmlType.F32, 0);
        var secondOffset = builder.Position;

        var error = Read(builder.Tensor("t", [8], GgmlType.F32, 32).Pad().Zeros(64).ToArray());

        Assert.Equal(secondOffset, error.Offset);
    }

    [Theory]
    [InlineData(new long[] { 1, 1, 1, 1, 1 }, "5 dimensions")]
    [InlineData(new long[] { 32, 0 }, "dimension 1 is 0")]
    [InlineData(new long[] { 32, -2 }, "dimension 1 is -2")]
    [InlineData(new long[] { 1L << 32, 1L << 32 }, "more elements than fit in 64 bits")]
    public void Bad_tensor_shapes_are_refused(long[] dimensions, string expected)
    {
        var error = Read(new RawGgufBuilder().Header(1, 0).Tensor("t", dimensions, GgmlType.F32, 0).Pad().Zeros(256).ToArray());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_that_are_not_whole_blocks_are_refused()
    {
        var error = Read(new RawGgufBuilder().Header(1, 0).Tensor("q", [48, 2], GgmlType.Q8_0, 0).Pad().Zeros(256).ToArray());

        Assert.Contains("not a multiple of the block size 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_tensors_are_refused()
    {
        var builder = new RawGgufBuilder().Header(2, 0).Tensor("a", [64], GgmlType.F32, 0);
        var secondDataOffset = builder.Position + 8 + 1 + 4 + 8 + 4;

        var error = Read(builder.Tensor("b", [8], GgmlType.F32, 64).Pad().Zeros(256).ToArray());

        Assert.Equal(secondDataOffset, error.Offset);
        Assert.Contains("'a' and 'b' overlap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_name_longer_than_llama_cpp_allows_is_refused()
    {
        var error = Read(new RawGgufBuilder().Header(1, 0).Tensor(new string('n', 64), [8], GgmlType.F32, 0).Pad().Zeros(64).ToArray());

        Assert.Equal(FirstEntryOffset, error.Offset);
        Assert.Contains("at most 63", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_vocabulary_token_is_refused_because_llama_cpp_would_abort()
    {
        var writer = TestModelGenerator.CreateWriter(TestModelSpec.Tiny);
        writer.SetMetadata(GgufMetadataKeys.TokenizerTokens, GgufValue.FromArray(["<unk>", "<s>", "<s>"]));

        var error = Assert.Throws<GgufFormatException>(() => GgufReaderTests.Roundtrip(writer));

        Assert.Contains("'<s>' twice (ids 1 and 2)", error.Message, StringComparison.Ordinal);
        Assert.True(error.Offset > FirstEntryOffset);
    }

    [Fact]
    public void Tokens_that_differ_only_in_invalid_utf8_are_not_mistaken_for_repeats()
    {
        // llama.cpp compares token bytes; both decode to U+FFFD here, which must not count as a repeat.
        var bytes = new RawGgufBuilder().Header(0, 1)
            .String(GgufMetadataKeys.TokenizerTokens).Int32((int)GgufValueType.Array).Int32((int)GgufValueType.String).UInt64(2)
            .UInt64(1).Bytes(0xFF)
            .UInt64(1).Bytes(0xFE)
            .ToArray();

        var file = GgufReader.Read(new MemoryStream(bytes));

        Assert.True(file.TryGetStringArray(GgufMetadataKeys.TokenizerTokens, out var tokens));
        Assert.Equal(["\uFFFD", "\uFFFD"], tokens.ToArray());
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(513u)]
    public void Layer_count_llama_cpp_would_abort_on_is_refused(uint layers)
    {
        var writer = TestModelGenerator.CreateWriter(TestModelSpec.Tiny);
        writer.SetMetadata("llama.block_count", GgufValue.FromUInt32(layers));

        var error = Assert.Throws<GgufFormatException>(() => GgufReaderTests.Roundtrip(writer));

        Assert.Contains($"'llama.block_count' at offset {error.Offset} is {layers}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_anywhere_before_the_end_of_the_last_tensor_is_refused()
    {
        var stream = new MemoryStream();
        TestModelGenerator.Write(TestModelSpec.Tiny with { WeightType = GgmlType.Q8_0 }, stream);
        var bytes = stream.ToArray();
        var file = GgufReader.Read(new MemoryStream(bytes));
        var end = file.Tensors.Max(t => t.FileOffset + t.ByteSize);

        // Every byte of the first kilobyte (header, first keys and strings), every 37th byte of the rest of the
        // header (a prime, so cuts land at every position within the repeating token records), every 997th of the data.
        var cuts = Enumerable.Range(0, 1024)
            .Concat(Enumerable.Range(1024, (int)file.DataOffset - 1024 + 1).Where(i => i % 37 == 0))
            .Concat(Enumerable.Range((int)file.DataOffset, (int)(end - file.DataOffset)).Where(i => i % 997 == 0))
            .Append((int)file.DataOffset)
            .Append((int)end - 1);
        foreach (var cut in cuts.Distinct())
        {
            var error = Read(bytes[..cut]);
            Assert.InRange(error.Offset, 0, cut);
        }

        // Only the padding after the last tensor may go.
        Assert.Equal(file.Tensors.Count, GgufReader.Read(new MemoryStream(bytes[..(int)end])).Tensors.Count);
    }

    private static GgufFormatException Read(byte[] bytes)
    {
        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(new MemoryStream(bytes)));
        Assert.Contains($"offset {error.Offset}", error.Message, StringComparison.Ordinal);
        return error;
    }
}
