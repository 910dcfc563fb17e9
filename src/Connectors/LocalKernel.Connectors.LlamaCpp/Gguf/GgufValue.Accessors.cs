using System.Diagnostics.CodeAnalysis;

namespace LocalKernel.Connectors.LlamaCpp;

// Tolerant readers: converters write hyper-parameters as u32, i32 or u64 depending on the tool and its
// version, so an integer is returned whenever its value fits the requested type, whatever width it was stored in.
public sealed partial class GgufValue
{
    /// <summary>Reads an integer of any stored width as a signed 64-bit value.</summary>
    /// <param name="value">The value, when it is an integer that fits.</param>
    /// <returns><see langword="true"/> when the value is an integer that fits in <see cref="long"/>.</returns>
    public bool TryGetInt64(out long value)
    {
        switch (_value)
        {
            case byte v: value = v; return true;
            case sbyte v: value = v; return true;
            case ushort v: value = v; return true;
            case short v: value = v; return true;
            case uint v: value = v; return true;
            case int v: value = v; return true;
            case long v: value = v; return true;
            case ulong v when v <= long.MaxValue: value = (long)v; return true;
            default: value = 0; return false;
        }
    }

    /// <summary>Reads a non-negative integer of any stored width as an unsigned 64-bit value.</summary>
    /// <param name="value">The value, when it is a non-negative integer.</param>
    /// <returns><see langword="true"/> when the value is a non-negative integer.</returns>
    public bool TryGetUInt64(out ulong value)
    {
        if (_value is ulong u)
        {
            value = u;
            return true;
        }

        if (TryGetInt64(out var signed) && signed >= 0)
        {
            value = (ulong)signed;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads an integer of any stored width as a signed 32-bit value.</summary>
    /// <param name="value">The value, when it is an integer that fits.</param>
    /// <returns><see langword="true"/> when the value is an integer that fits in <see cref="int"/>.</returns>
    public bool TryGetInt32(out int value)
    {
        if (TryGetInt64(out var wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads an integer of any stored width as an unsigned 32-bit value.</summary>
    /// <param name="value">The value, when it is an integer that fits.</param>
    /// <returns><see langword="true"/> when the value is an integer that fits in <see cref="uint"/>.</returns>
    public bool TryGetUInt32(out uint value)
    {
        if (TryGetInt64(out var wide) && wide is >= 0 and <= uint.MaxValue)
        {
            value = (uint)wide;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads a float or integer of any stored width as a 64-bit float.</summary>
    /// <param name="value">The value, when it is a number.</param>
    /// <returns><see langword="true"/> when the value is a number (not a bool, string or array).</returns>
    public bool TryGetDouble(out double value)
    {
        switch (_value)
        {
            case float f: value = f; return true;
            case double d: value = d; return true;
            case ulong u: value = u; return true;
            default:
                var isInteger = TryGetInt64(out var i);
                value = i;
                return isInteger;
        }
    }

    /// <summary>Reads a float or integer of any stored width as a 32-bit float.</summary>
    /// <param name="value">The value, when it is a number (a Float32 is returned exactly).</param>
    /// <returns><see langword="true"/> when the value is a number.</returns>
    public bool TryGetSingle(out float value)
    {
        if (_value is float f)
        {
            value = f;
            return true;
        }

        var isNumber = TryGetDouble(out var d);
        value = (float)d;
        return isNumber;
    }

    /// <summary>Reads a boolean.</summary>
    /// <param name="value">The value, when it is stored as a boolean.</param>
    /// <returns><see langword="true"/> when the value is a boolean.</returns>
    public bool TryGetBoolean(out bool value)
    {
        if (_value is bool b)
        {
            value = b;
            return true;
        }

        value = false;
        return false;
    }

    /// <summary>Reads a string.</summary>
    /// <param name="value">The value, when it is a string.</param>
    /// <returns><see langword="true"/> when the value is a string.</returns>
    public bool TryGetString([NotNullWhen(true)] out string? value)
    {
        value = _value as string;
        return value is not null;
    }

    /// <summary>
    /// Reads an array whose elements are stored exactly as <typeparamref name="T"/> (for example
    /// <see cref="string"/> for tokens, <see cref="float"/> for scores, <see cref="GgufValue"/> for nested arrays),
    /// without copying.
    /// </summary>
    /// <typeparam name="T">The element storage type.</typeparam>
    /// <param name="items">The elements, when the value is an array of <typeparamref name="T"/>.</param>
    /// <returns><see langword="true"/> when the value is an array of exactly that element type.</returns>
    public bool TryGetArray<T>(out ReadOnlyMemory<T> items)
    {
        if (_value is T[] array)
        {
            items = array;
            return true;
        }

        items = default;
        return false;
    }

    /// <summary>Reads an array of numbers of any stored width as 32-bit floats (a copy).</summary>
    /// <param name="items">The converted elements, when the value is an array of numbers.</param>
    /// <returns><see langword="true"/> when the value is an array of integers or floats.</returns>
    public bool TryGetSingleArray([NotNullWhen(true)] out float[]? items)
    {
        items = _value switch
        {
            float[] floats => (float[])floats.Clone(),
            double[] doubles => Array.ConvertAll(doubles, d => (float)d),
            _ => null,
        };

        if (items is null && TryGetInt64Array(out var integers))
        {
            items = Array.ConvertAll(integers, i => (float)i);
        }

        return items is not null;
    }

    /// <summary>Reads an array of integers of any stored width as 32-bit integers (a copy).</summary>
    /// <param name="items">The converted elements, when every element fits in <see cref="int"/>.</param>
    /// <returns><see langword="true"/> when the value is an integer array whose elements all fit.</returns>
    public bool TryGetInt32Array([NotNullWhen(true)] out int[]? items)
    {
        items = null;
        if (_value is int[] ints)
        {
            items = (int[])ints.Clone();
            return true;
        }

        if (!TryGetInt64Array(out var wide))
        {
            return false;
        }

        var result = new int[wide.Length];
        for (var i = 0; i < wide.Length; i++)
        {
            if (wide[i] is < int.MinValue or > int.MaxValue)
            {
                return false;
            }

            result[i] = (int)wide[i];
        }

        items = result;
        return true;
    }

    /// <summary>Reads an array of integers of any stored width as 64-bit integers (a copy).</summary>
    /// <param name="items">The converted elements, when every element fits in <see cref="long"/>.</param>
    /// <returns><see langword="true"/> when the value is an integer array whose elements all fit.</returns>
    public bool TryGetInt64Array([NotNullWhen(true)] out long[]? items)
    {
        items = _value switch
        {
            byte[] a => Array.ConvertAll(a, v => (long)v),
            sbyte[] a => Array.ConvertAll(a, v => (long)v),
            ushort[] a => Array.ConvertAll(a, v => (long)v),
            short[] a => Array.ConvertAll(a, v => (long)v),
            uint[] a => Array.ConvertAll(a, v => (long)v),
            int[] a => Array.ConvertAll(a, v => (long)v),
            long[] a => (long[])a.Clone(),
            ulong[] a when a.All(v => v <= long.MaxValue) => Array.ConvertAll(a, v => (long)v),
            _ => null,
        };
        return items is not null;
    }
}
