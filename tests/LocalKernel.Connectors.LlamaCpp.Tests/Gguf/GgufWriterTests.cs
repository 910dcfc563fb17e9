using System.Buffers.Binary;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

public sealed class GgufWriterTests
{
    [Fact]
    public void Every_metadata_type_survives_a_round_trip()
    {
        var writer = new GgufWriter();
        writer.SetMetadata("t.u8", GgufValue.FromUInt8(255));
        writer.SetMetadata("t.i8", GgufValue.FromInt8(-128));
        writer.SetMetadata("t.u16", GgufValue.FromUInt16(65535));
        writer.SetMetadata("t.i16", GgufValue.FromInt16(-32768));
        writer.SetMetadata("t.u32", GgufValue.FromUInt32(uint.MaxValue));
        writer.SetMetadata("t.i32", GgufValue.FromInt32(int.MinValue));
        writer.SetMetadata("t.f32", GgufValue.FromFloat32(float.NaN));
        writer.SetMetadata("t.bool", GgufValue.FromBool(true));
        writer.SetMetadata("t.string", GgufValue.FromString("ünïcödé ▁piece 🙂"));
        writer.SetMetadata("t.empty", GgufValue.FromString(string.Empty));
        writer.SetMetadata("t.u64", GgufValue.FromUInt64(ulong.MaxValue));
        writer.SetMetadata("t.i64", GgufValue.FromInt64(long.MinValue));
        writer.SetMetadata("t.f64", GgufValue.FromFloat64(-0.0));
        writer.SetMetadata("a.u8", GgufValue.FromArray(new byte[] { 1, 2, 3 }));
        writer.SetMetadata("a.i8", GgufValue.FromArray(new sbyte[] { -1, 2 }));
        writer.SetMetadata("a.u16", GgufValue.FromArray(new ushort[] { 1, 65535 }));
        writer.SetMetadata("a.i16", GgufValue.FromArray(new short[] { -2, 2 }));
        writer.SetMetadata("a.u32", GgufValue.FromArray(new uint[] { 0, uint.MaxValue }));
        writer.SetMetadata("a.i32", GgufValue.FromArray(new[] { 1, -1 }));
        writer.SetMetadata("a.f32", GgufValue.FromArray(new[] { 0.5f, -1e30f }));
        writer.SetMetadata("a.bool", GgufValue.FromArray(new[] { true, false, true }));
        writer.SetMetadata("a.u64", GgufValue.FromArray(new ulong[] { 1, ulong.MaxValue }));
        writer.SetMetadata("a.i64", GgufValue.FromArray(new long[] { long.MinValue }));
        writer.SetMetadata("a.f64", GgufValue.FromArray(new[] { Math.PI }));
        writer.SetMetadata("a.string", GgufValue.FromArray(new[] { "a", string.Empty, "▁the" }));
        writer.SetMetadata("a.empty", GgufValue.FromArray(Array.Empty<int>()));
        writer.SetMetadata("a.nested", GgufValue.FromArray(new[]
        {
            GgufValue.FromArray(new[] { 1, 2 }),
            GgufValue.FromArray(new[] { "x" }),
            GgufValue.FromArray(new[] { GgufValue.FromArray(new[] { 1.5f }) }),
        }));

        var file = GgufReaderTests.Roundtrip(writer);

        Assert.Equal(writer.Metadata, file.Metadata);
        Assert.Equal(GgufValueType.Array, file.Metadata["a.nested"].ElementType);
        Assert.True(file.Metadata["a.string"].TryGetArray<string>(out var strings));
        Assert.Equal("▁the", strings.Span[2]);
    }

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.BF16)]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    public void Tensors_round_trip_with_table_and_bytes(GgmlType type)
    {
        var values = Enumerable.Range(0, 64 * 3).Select(i => MathF.Sin(i) * 0.1f).ToArray();
        var writer = new GgufWriter();
        writer.SetMetadata("general.architecture", GgufValue.FromString("test"));
        writer.AddTensor("norm", [64], GgmlType.F32, values.AsMemory(0, 64));
        writer.AddTensor("matrix", [64, 3], type, values);
        var stream = new MemoryStream();
        writer.WriteTo(stream);
        var bytes = stream.ToArray();
        stream.Position = 0;

        var file = GgufReader.Read(stream);

        var matrix = file.FindTensor("matrix")!;
        Assert.Equal([64L, 3L], matrix.Dimensions);
        Assert.Equal(type, matrix.Type);
        Assert.Equal(192, matrix.ElementCount);
        Assert.Equal(GgmlTypeInfo.Get(type).GetByteSize(192), matrix.ByteSize);
        Assert.Equal(0, matrix.FileOffset % 32);
        Assert.Equal(0, file.FindTensor("norm")!.Offset);
        Assert.Equal(256, matrix.Offset); // 64 floats, already aligned

        var decoded = new float[192];
        GgmlQuantizer.Decode(bytes.AsSpan((int)matrix.FileOffset, (int)matrix.ByteSize), type, decoded);
        var tolerance = type switch
        {
            GgmlType.F32 => 0f,
            GgmlType.F16 => 1e-4f,
            GgmlType.BF16 => 1e-3f,
            GgmlType.Q8_0 => 0.1f / 127,
            _ => 0.1f / 8 * 1.01f, // the clamped extreme of a block is off by one whole step
        };
        for (var i = 0; i < values.Length; i++)
        {
            Assert.InRange(decoded[i], values[i] - tolerance, values[i] + tolerance);
        }
    }

    [Fact]
    public void Q8_0_block_matches_ggml_reference_quantizer()
    {
        // x = -16..15: amax 16, d = 16/127, q = round(x * 127/16) half away from zero.
        var x = Enumerable.Range(0, 32).Select(j => (float)(j - 16)).ToArray();
        var block = new byte[34];

        GgmlQuantizer.Encode(x, GgmlType.Q8_0, block);

        Assert.Equal((Half)(16f / 127), BinaryPrimitives.ReadHalfLittleEndian(block));
        Assert.Equal(-127, (sbyte)block[2]);      // x = -16
        Assert.Equal(-8, (sbyte)block[2 + 15]);   // x = -1: -7.9375 rounds to -8
        Assert.Equal(0, (sbyte)block[2 + 16]);    // x = 0
        Assert.Equal(8, (sbyte)block[2 + 17]);    // x = 1
        Assert.Equal(119, (sbyte)block[2 + 31]);  // x = 15: 119.0625
    }

    [Fact]
    public void Q4_0_block_matches_ggml_reference_quantizer()
    {
        // x = -16..15: the largest magnitude is -16, so d = -16 / -8 = 2 and q = min(15, trunc(x / 2 + 8.5)).
        var x = Enumerable.Range(0, 32).Select(j => (float)(j - 16)).ToArray();
        var block = new byte[18];

        GgmlQuantizer.Encode(x, GgmlType.Q4_0, block);

        Assert.Equal((Half)2f, BinaryPrimitives.ReadHalfLittleEndian(block));
        Assert.Equal(0x80, block[2]);      // low nibble x0 = -16 -> 0, high nibble x16 = 0 -> 8
        Assert.Equal(0xF8, block[2 + 15]); // low nibble x15 = -1 -> 8, high nibble x31 = 15 -> 16 clamped to 15
    }

    [Fact]
    public void Non_default_alignment_is_recorded_and_honoured()
    {
        var writer = new GgufWriter { Alignment = 64 };
        writer.AddTensor("a", [32], GgmlType.F32, new float[32]);
        writer.AddTensor("b", [32], GgmlType.Q8_0, new float[32]);

        var file = GgufReaderTests.Roundtrip(writer);

        Assert.Equal(64u, file.Alignment);
        Assert.Equal(64u, file.GetUInt32(GgufMetadataKeys.GeneralAlignment));
        Assert.All(file.Tensors, t => Assert.Equal(0, t.FileOffset % 64));
        Assert.Equal(128, file.FindTensor("b")!.Offset);
    }

    [Fact]
    public void Already_encoded_tensors_of_any_type_are_written_verbatim()
    {
        var q4k = Enumerable.Range(0, 144 * 2).Select(i => (byte)i).ToArray();
        var writer = new GgufWriter();
        writer.AddEncodedTensor("k", [256, 2], GgmlType.Q4_K, q4k);
        var stream = new MemoryStream();
        writer.WriteTo(stream);
        stream.Position = 0;

        var tensor = GgufReader.Read(stream).Tensors.Single();

        Assert.Equal(288, tensor.ByteSize);
        Assert.Equal(q4k, stream.ToArray().AsSpan((int)tensor.FileOffset, 288).ToArray());
    }

    [Fact]
    public void Streamed_tensors_are_produced_once_each_while_writing()
    {
        var calls = 0;
        var writer = new GgufWriter();
        writer.AddTensor("lazy", [32, 4], GgmlType.Q8_0, span =>
        {
            calls++;
            span.Fill(0.5f);
        });
        Assert.Equal(0, calls);

        GgufReaderTests.Roundtrip(writer);

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Invalid_tensors_are_rejected_when_added()
    {
        var writer = new GgufWriter();
        writer.AddTensor("taken", [32], GgmlType.F32, new float[32]);

        Assert.Throws<ArgumentException>(() => writer.AddTensor("taken", [32], GgmlType.F32, new float[32]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor(new string('n', 64), [32], GgmlType.F32, new float[32]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("dims", [1, 1, 1, 1, 32], GgmlType.F32, new float[32]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("zero", [32, 0], GgmlType.F32, Array.Empty<float>()));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("rows", [48], GgmlType.Q8_0, new float[48]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("count", [32], GgmlType.F32, new float[31]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("k", [256], GgmlType.Q4_K, new float[256]));
        Assert.Throws<ArgumentException>(() => writer.AddEncodedTensor("bytes", [32], GgmlType.Q8_0, new byte[33]));
        Assert.Throws<ArgumentException>(() => writer.SetMetadata(GgufMetadataKeys.GeneralAlignment, GgufValue.FromUInt32(48)));
        Assert.Throws<ArgumentException>(() => writer.SetMetadata(GgufMetadataKeys.GeneralAlignment, GgufValue.FromUInt64(64)));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Alignment = 3);
        Assert.Equal(1, writer.TensorCount);
    }
}
