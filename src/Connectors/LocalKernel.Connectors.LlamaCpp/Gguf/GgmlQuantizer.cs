using System.Buffers.Binary;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Managed encoders (and decoders, for tests) for the tensor types the <see cref="GgufWriter"/> produces.
/// Q8_0 and Q4_0 follow ggml's reference quantizers (<c>quantize_row_q8_0_ref</c>, <c>quantize_row_q4_0_ref</c>
/// in ggml-quants.c) step by step in single precision, so the blocks are byte-identical to ggml's (checked against
/// the pinned libggml-base on thousands of blocks, ties and zero blocks included).
/// </summary>
internal static class GgmlQuantizer
{
    private const int BlockSize = 32; // QK8_0 == QK4_0

    public static bool CanEncode(GgmlType type) =>
        type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.Q8_0 or GgmlType.Q4_0;

    /// <summary>Encodes <paramref name="source"/>, whose length is a whole number of blocks, into <paramref name="destination"/>.</summary>
    public static void Encode(ReadOnlySpan<float> source, GgmlType type, Span<byte> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < source.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], source[i]);
                }

                break;
            case GgmlType.F16:
                for (var i = 0; i < source.Length; i++)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)source[i]);
                }

                break;
            case GgmlType.BF16:
                for (var i = 0; i < source.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], ToBFloat16(source[i]));
                }

                break;
            case GgmlType.Q8_0:
                for (var block = 0; block * BlockSize < source.Length; block++)
                {
                    EncodeQ8_0Block(source.Slice(block * BlockSize, BlockSize), destination.Slice(block * 34, 34));
                }

                break;
            case GgmlType.Q4_0:
                for (var block = 0; block * BlockSize < source.Length; block++)
                {
                    EncodeQ4_0Block(source.Slice(block * BlockSize, BlockSize), destination.Slice(block * 18, 18));
                }

                break;
            default:
                throw new NotSupportedException($"Encoding to {type} is not implemented.");
        }
    }

    /// <summary>Decodes tensor bytes of a type <see cref="CanEncode"/> accepts back to floats.</summary>
    public static void Decode(ReadOnlySpan<byte> source, GgmlType type, Span<float> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                }

                break;
            case GgmlType.F16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                }

                break;
            case GgmlType.BF16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]) << 16);
                }

                break;
            case GgmlType.Q8_0:
                for (var block = 0; block * BlockSize < destination.Length; block++)
                {
                    var bytes = source.Slice(block * 34, 34);
                    var d = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes);
                    for (var j = 0; j < BlockSize; j++)
                    {
                        destination[(block * BlockSize) + j] = (sbyte)bytes[2 + j] * d;
                    }
                }

                break;
            case GgmlType.Q4_0:
                for (var block = 0; block * BlockSize < destination.Length; block++)
                {
                    var bytes = source.Slice(block * 18, 18);
                    var d = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes);
                    var output = destination.Slice(block * BlockSize, BlockSize);
                    for (var j = 0; j < BlockSize / 2; j++)
                    {
                        output[j] = ((bytes[2 + j] & 0x0F) - 8) * d;
                        output[j + (BlockSize / 2)] = ((bytes[2 + j] >> 4) - 8) * d;
                    }
                }

                break;
            default:
                throw new NotSupportedException($"Decoding {type} is not implemented.");
        }
    }

    // quantize_row_q8_0_ref: scale d = max|x| / 127 stored as f16; q = round-half-away(x / d), computed with
    // the single-precision reciprocal of the unrounded d exactly as ggml does.
    private static void EncodeQ8_0Block(ReadOnlySpan<float> x, Span<byte> block)
    {
        var amax = 0.0f;
        foreach (var v in x)
        {
            amax = Math.Max(amax, Math.Abs(v));
        }

        var d = amax / 127;
        var id = d != 0 ? 1.0f / d : 0.0f;
        BinaryPrimitives.WriteHalfLittleEndian(block, (Half)d);
        for (var j = 0; j < BlockSize; j++)
        {
            block[2 + j] = (byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
        }
    }

    // quantize_row_q4_0_ref: d = (the value of largest magnitude, with its sign) / -8; each value becomes
    // min(15, trunc(x / d + 8.5)); element j goes in the low nibble of byte j, element j + 16 in its high nibble.
    private static void EncodeQ4_0Block(ReadOnlySpan<float> x, Span<byte> block)
    {
        var amax = 0.0f;
        var max = 0.0f;
        foreach (var v in x)
        {
            if (amax < Math.Abs(v))
            {
                amax = Math.Abs(v);
                max = v;
            }
        }

        var d = max / -8;
        var id = d != 0 ? 1.0f / d : 0.0f;
        BinaryPrimitives.WriteHalfLittleEndian(block, (Half)d);
        for (var j = 0; j < BlockSize / 2; j++)
        {
            var low = Math.Min(15, (int)((x[j] * id) + 8.5f));
            var high = Math.Min(15, (int)((x[j + (BlockSize / 2)] * id) + 8.5f));
            block[2 + j] = (byte)(low | (high << 4));
        }
    }

    // Round to nearest even on the upper 16 bits; NaNs stay quiet NaNs (as ggml_compute_fp32_to_bf16 does).
    private static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000)
        {
            return (ushort)((bits >> 16) | 64);
        }

        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }
}
