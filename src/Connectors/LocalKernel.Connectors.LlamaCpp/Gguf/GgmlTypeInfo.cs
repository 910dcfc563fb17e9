using System.Collections.Frozen;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Block layout of one <see cref="GgmlType"/>: how many elements a block holds and how many bytes it takes,
/// which is all that is needed to size a tensor without reading it.
/// </summary>
/// <remarks>
/// The table mirrors <c>type_traits</c> in the pinned ggml.c (block sizes from ggml-common.h). Instances are
/// immutable and the static members are thread-safe.
/// </remarks>
public sealed class GgmlTypeInfo
{
    private const int SuperBlock = 256; // QK_K

    private static readonly FrozenDictionary<GgmlType, GgmlTypeInfo> Table = new GgmlTypeInfo[]
    {
        new(GgmlType.F32, "f32", 1, 4, false),
        new(GgmlType.F16, "f16", 1, 2, false),
        new(GgmlType.Q4_0, "q4_0", 32, 18, true),
        new(GgmlType.Q4_1, "q4_1", 32, 20, true),
        new(GgmlType.Q5_0, "q5_0", 32, 22, true),
        new(GgmlType.Q5_1, "q5_1", 32, 24, true),
        new(GgmlType.Q8_0, "q8_0", 32, 34, true),
        new(GgmlType.Q8_1, "q8_1", 32, 36, true),
        new(GgmlType.Q2_K, "q2_K", SuperBlock, 84, true),
        new(GgmlType.Q3_K, "q3_K", SuperBlock, 110, true),
        new(GgmlType.Q4_K, "q4_K", SuperBlock, 144, true),
        new(GgmlType.Q5_K, "q5_K", SuperBlock, 176, true),
        new(GgmlType.Q6_K, "q6_K", SuperBlock, 210, true),
        new(GgmlType.Q8_K, "q8_K", SuperBlock, 292, true),
        new(GgmlType.IQ2_XXS, "iq2_xxs", SuperBlock, 66, true),
        new(GgmlType.IQ2_XS, "iq2_xs", SuperBlock, 74, true),
        new(GgmlType.IQ3_XXS, "iq3_xxs", SuperBlock, 98, true),
        new(GgmlType.IQ1_S, "iq1_s", SuperBlock, 50, true),
        new(GgmlType.IQ4_NL, "iq4_nl", 32, 18, true),
        new(GgmlType.IQ3_S, "iq3_s", SuperBlock, 110, true),
        new(GgmlType.IQ2_S, "iq2_s", SuperBlock, 82, true),
        new(GgmlType.IQ4_XS, "iq4_xs", SuperBlock, 136, true),
        new(GgmlType.I8, "i8", 1, 1, false),
        new(GgmlType.I16, "i16", 1, 2, false),
        new(GgmlType.I32, "i32", 1, 4, false),
        new(GgmlType.I64, "i64", 1, 8, false),
        new(GgmlType.F64, "f64", 1, 8, false),
        new(GgmlType.IQ1_M, "iq1_m", SuperBlock, 56, true),
        new(GgmlType.BF16, "bf16", 1, 2, false),
        new(GgmlType.TQ1_0, "tq1_0", SuperBlock, 54, true),
        new(GgmlType.TQ2_0, "tq2_0", SuperBlock, 66, true),
        new(GgmlType.MXFP4, "mxfp4", 32, 17, true),
        new(GgmlType.NVFP4, "nvfp4", 64, 36, true),
        new(GgmlType.Q1_0, "q1_0", 128, 18, true),
        new(GgmlType.Q2_0, "q2_0", 64, 18, true),
    }.ToFrozenDictionary(info => info.Type);

    private GgmlTypeInfo(GgmlType type, string name, int blockSize, int bytesPerBlock, bool isQuantized)
    {
        Type = type;
        Name = name;
        BlockSize = blockSize;
        BytesPerBlock = bytesPerBlock;
        IsQuantized = isQuantized;
    }

    /// <summary>Gets the type this entry describes.</summary>
    public GgmlType Type { get; }

    /// <summary>Gets ggml's name of the type (<c>ggml_type_name</c>), for example <c>q4_K</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the number of elements stored in one block; a row's length must be a multiple of it.</summary>
    public int BlockSize { get; }

    /// <summary>Gets the number of bytes one block takes.</summary>
    public int BytesPerBlock { get; }

    /// <summary>Gets whether the type is a block quantization (as opposed to a plain number type).</summary>
    public bool IsQuantized { get; }

    /// <summary>Gets the storage cost per element in bits, for example 4.5 for <see cref="GgmlType.Q4_0"/>.</summary>
    public double BitsPerElement => BytesPerBlock * 8.0 / BlockSize;

    /// <summary>Gets every type this table knows, in numeric order.</summary>
    public static IReadOnlyList<GgmlTypeInfo> All { get; } = [.. Table.Values.OrderBy(info => (int)info.Type)];

    /// <summary>Gets the layout of <paramref name="type"/>.</summary>
    /// <param name="type">A ggml type.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a type the pinned ggml can load.</exception>
    public static GgmlTypeInfo Get(GgmlType type) =>
        Table.TryGetValue(type, out var info)
            ? info
            : throw new ArgumentOutOfRangeException(nameof(type), type, $"ggml type {(int)type} is unknown or no longer supported.");

    /// <summary>Looks up the layout of <paramref name="type"/>, which may be any 32-bit value read from a file.</summary>
    /// <param name="type">A ggml type, possibly not defined by the enum.</param>
    /// <param name="info">The layout, when the type is known.</param>
    /// <returns><see langword="true"/> when the pinned ggml knows the type.</returns>
    public static bool TryGet(GgmlType type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GgmlTypeInfo? info) =>
        Table.TryGetValue(type, out info);

    /// <summary>
    /// Gets the number of bytes that <paramref name="elementCount"/> elements of this type take.
    /// </summary>
    /// <param name="elementCount">Number of elements; must be a multiple of <see cref="BlockSize"/>.</param>
    /// <returns>The byte size.</returns>
    /// <exception cref="ArgumentException"><paramref name="elementCount"/> is negative or not a whole number of blocks.</exception>
    /// <exception cref="OverflowException">The size does not fit in 64 bits.</exception>
    public long GetByteSize(long elementCount)
    {
        if (elementCount < 0 || elementCount % BlockSize != 0)
        {
            throw new ArgumentException(
                $"{elementCount} elements is not a whole number of {Name} blocks of {BlockSize}.", nameof(elementCount));
        }

        return checked(elementCount / BlockSize * BytesPerBlock);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
