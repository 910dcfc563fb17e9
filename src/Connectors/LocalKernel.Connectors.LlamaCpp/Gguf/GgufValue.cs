using System.Globalization;
using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// One GGUF metadata value: a scalar, a string or an array, together with the exact type it is stored as.
/// </summary>
/// <remarks>
/// The stored width matters because llama.cpp checks it (<c>general.alignment</c> must be UInt32,
/// <c>tokenizer.ggml.token_type</c> an Int32 array), so the factories are named after the stored type.
/// The <c>TryGet…</c> accessors are tolerant: an integer can be read as any integer type it fits in.
/// Instances are immutable and thread-safe; arrays are copied in and exposed read-only.
/// </remarks>
public sealed partial class GgufValue : IEquatable<GgufValue>
{
    // A boxed scalar, a string, or for arrays a typed array: byte[], sbyte[], ushort[], short[], uint[], int[],
    // float[], bool[], string[], ulong[], long[], double[], or GgufValue[] for nested arrays.
    private readonly object _value;

    private GgufValue(GgufValueType type, GgufValueType? elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        _value = value;
    }

    /// <summary>Gets the stored type of the value.</summary>
    public GgufValueType Type { get; }

    /// <summary>Gets the element type of an array, or <see langword="null"/> for a scalar or string.</summary>
    public GgufValueType? ElementType { get; }

    /// <summary>Gets whether the value is an array.</summary>
    public bool IsArray => Type == GgufValueType.Array;

    /// <summary>Gets the number of elements of an array, or 0 when the value is not an array.</summary>
    public int ArrayLength => _value is Array array ? array.Length : 0;

    /// <summary>Creates an unsigned 8-bit value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromUInt8(byte value) => new(GgufValueType.UInt8, null, value);

    /// <summary>Creates a signed 8-bit value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromInt8(sbyte value) => new(GgufValueType.Int8, null, value);

    /// <summary>Creates an unsigned 16-bit value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromUInt16(ushort value) => new(GgufValueType.UInt16, null, value);

    /// <summary>Creates a signed 16-bit value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromInt16(short value) => new(GgufValueType.Int16, null, value);

    /// <summary>Creates an unsigned 32-bit value (the type llama.cpp expects for most hyper-parameters).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromUInt32(uint value) => new(GgufValueType.UInt32, null, value);

    /// <summary>Creates a signed 32-bit value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromInt32(int value) => new(GgufValueType.Int32, null, value);

    /// <summary>Creates a 32-bit float value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromFloat32(float value) => new(GgufValueType.Float32, null, value);

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromBool(bool value) => new(GgufValueType.Bool, null, value);

    /// <summary>Creates a string value (stored as UTF-8).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static GgufValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(GgufValueType.String, null, value);
    }

    /// <summary>Creates an unsigned 64-bit value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromUInt64(ulong value) => new(GgufValueType.UInt64, null, value);

    /// <summary>Creates a signed 64-bit value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromInt64(long value) => new(GgufValueType.Int64, null, value);

    /// <summary>Creates a 64-bit float value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromFloat64(double value) => new(GgufValueType.Float64, null, value);

    /// <summary>Creates an array of unsigned 8-bit values.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<byte> items) => CreateArray(GgufValueType.UInt8, items.ToArray());

    /// <summary>Creates an array of signed 8-bit values.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<sbyte> items) => CreateArray(GgufValueType.Int8, items.ToArray());

    /// <summary>Creates an array of unsigned 16-bit values.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<ushort> items) => CreateArray(GgufValueType.UInt16, items.ToArray());

    /// <summary>Creates an array of signed 16-bit values.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<short> items) => CreateArray(GgufValueType.Int16, items.ToArray());

    /// <summary>Creates an array of unsigned 32-bit values.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<uint> items) => CreateArray(GgufValueType.UInt32, items.ToArray());

    /// <summary>Creates an array of signed 32-bit values (the type of <c>tokenizer.ggml.token_type</c>).</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<int> items) => CreateArray(GgufValueType.Int32, items.ToArray());

    /// <summary>Creates an array of 32-bit floats (the type of <c>tokenizer.ggml.scores</c>).</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<float> items) => CreateArray(GgufValueType.Float32, items.ToArray());

    /// <summary>Creates an array of booleans.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<bool> items) => CreateArray(GgufValueType.Bool, items.ToArray());

    /// <summary>Creates an array of unsigned 64-bit values.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<ulong> items) => CreateArray(GgufValueType.UInt64, items.ToArray());

    /// <summary>Creates an array of signed 64-bit values.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<long> items) => CreateArray(GgufValueType.Int64, items.ToArray());

    /// <summary>Creates an array of 64-bit floats.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue FromArray(ReadOnlySpan<double> items) => CreateArray(GgufValueType.Float64, items.ToArray());

    /// <summary>Creates an array of strings (the type of <c>tokenizer.ggml.tokens</c>).</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The GGUF value.</returns>
    /// <exception cref="ArgumentException">An element is null.</exception>
    public static GgufValue FromArray(ReadOnlySpan<string> items)
    {
        foreach (var item in items)
        {
            if (item is null)
            {
                throw new ArgumentException("GGUF string arrays cannot hold null.", nameof(items));
            }
        }

        return CreateArray(GgufValueType.String, items.ToArray());
    }

    /// <summary>
    /// Creates an array of arrays. The format stores each inner array with its own element type and length,
    /// so the inner arrays may differ in both. llama.cpp itself refuses nested arrays.
    /// </summary>
    /// <param name="items">The inner arrays (the list is copied; values are immutable).</param>
    /// <returns>The GGUF value.</returns>
    /// <exception cref="ArgumentException">An element is null or not an array.</exception>
    public static GgufValue FromArray(ReadOnlySpan<GgufValue> items)
    {
        foreach (var item in items)
        {
            if (item is null || !item.IsArray)
            {
                throw new ArgumentException("The elements of a nested GGUF array must all be arrays.", nameof(items));
            }
        }

        return CreateArray(GgufValueType.Array, items.ToArray());
    }

    // Used by the reader, which has already built a typed array of the right kind; no copy.
    internal static GgufValue CreateArray(GgufValueType elementType, Array items) => new(GgufValueType.Array, elementType, items);

    internal static GgufValue Scalar(GgufValueType type, object value) => new(type, null, value);

    // For the writer and the reader's validation: the boxed scalar or the typed array as stored.
    internal object RawValue => _value;

    /// <inheritdoc />
    public bool Equals(GgufValue? other)
    {
        if (other is null || other.Type != Type || other.ElementType != ElementType)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return (_value, other._value) switch
        {
            // Floats compare by bits so that a round trip of NaN or -0 is still "the same value".
            (float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
            (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
            (float[] a, float[] b) => MemoryMarshal.Cast<float, int>(a).SequenceEqual(MemoryMarshal.Cast<float, int>(b)),
            (double[] a, double[] b) => MemoryMarshal.Cast<double, long>(a).SequenceEqual(MemoryMarshal.Cast<double, long>(b)),
            (string[] a, string[] b) => a.AsSpan().SequenceEqual(b),
            (GgufValue[] a, GgufValue[] b) => a.AsSpan().SequenceEqual(b),
            (Array a, Array b) => System.Collections.StructuralComparisons.StructuralEqualityComparer.Equals(a, b),
            var (a, b) => a.Equals(b),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GgufValue);

    /// <inheritdoc />
    public override int GetHashCode() => _value is Array array
        ? HashCode.Combine(Type, ElementType, array.Length)
        : HashCode.Combine(Type, _value);

    /// <summary>Formats the value for people: scalars as text, arrays as their type and length.</summary>
    /// <returns>For example <c>2048</c>, <c>llama</c> or <c>[string × 32000]</c>.</returns>
    public override string ToString() => _value switch
    {
        Array array => $"[{ElementType?.ToString().ToLowerInvariant()} × {array.Length.ToString(CultureInfo.InvariantCulture)}]",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => _value.ToString() ?? string.Empty,
    };
}
