namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The type tag of a GGUF metadata value, as stored in the file (<c>enum gguf_type</c> in ggml's gguf.h).
/// </summary>
/// <remarks>The numeric values are part of the file format and must not change.</remarks>
public enum GgufValueType
{
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 0,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 1,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 2,

    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 3,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 4,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 5,

    /// <summary>32-bit IEEE 754 floating point number.</summary>
    Float32 = 6,

    /// <summary>Boolean stored as one byte (0 is false, anything else true).</summary>
    Bool = 7,

    /// <summary>UTF-8 string prefixed by its 64-bit byte length, without a terminator.</summary>
    String = 8,

    /// <summary>Array of values that all share one element type (which may itself be <see cref="Array"/>).</summary>
    Array = 9,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 10,

    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 11,

    /// <summary>64-bit IEEE 754 floating point number.</summary>
    Float64 = 12,
}
