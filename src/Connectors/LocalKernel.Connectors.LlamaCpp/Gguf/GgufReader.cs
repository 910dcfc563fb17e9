using System.Collections.ObjectModel;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Reads and validates the header of a GGUF file (metadata and tensor table) without loading tensor data.
/// Every rule that protects llama.cpp from a malformed file is checked here, in managed code, so a bad file
/// becomes a <see cref="GgufFormatException"/> instead of a native abort.
/// </summary>
/// <remarks>
/// Checks: magic and version (2 or 3); metadata and tensor counts against <see cref="GgufReadLimits"/> and
/// against the bytes left in the file; every string and array length; array nesting depth; known value and
/// tensor types; unique keys and tensor names; up to 4 positive dimensions whose product does not overflow;
/// rows that are whole quantization blocks; aligned tensor offsets; every tensor inside the file and no two
/// overlapping. It also refuses the few metadata values on which llama.cpp asserts rather than failing
/// (a repeated vocabulary token, a layer count outside 1..512, impossible expert counts).
/// Strings are UTF-8; invalid sequences are decoded as U+FFFD rather than rejected, as llama.cpp does not check them.
/// The methods are thread-safe; each call reads its own stream.
/// </remarks>
public static partial class GgufReader
{
    /// <summary>The newest GGUF version this reader (and the pinned llama.cpp) understands.</summary>
    public const uint MaxSupportedVersion = 3;

    /// <summary>The oldest GGUF version this reader accepts; version 1 is no longer loaded by llama.cpp.</summary>
    public const uint MinSupportedVersion = 2;

    // Smallest possible encodings, used to reject counts that the remaining bytes cannot possibly hold.
    private const int MinMetadataEntryBytes = 8 + 1 + 4 + 1;    // key length, one key byte, type, one-byte value
    private const int MinTensorInfoBytes = 8 + 4 + 4 + 8;        // name length, dimension count, type, offset
    private const int MaxTensorNameBytes = 63;                   // GGML_MAX_NAME - 1
    private const int MaxDimensions = 4;                         // GGML_MAX_DIMS

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads and validates the GGUF file at <paramref name="path"/>.</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="limits">Limits; <see langword="null"/> uses the defaults.</param>
    /// <returns>The validated header.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF file.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static GgufFile Read(string path, GgufReadLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            var problem = Directory.Exists(path) ? "is a directory, not a file" : "does not exist";
            throw new FileNotFoundException($"GGUF file '{path}' {problem}.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Read(stream, limits);
    }

    /// <summary>
    /// Reads and validates a GGUF file from a seekable stream, starting at its current position (offsets are
    /// relative to that position). The stream is left open at an unspecified position.
    /// </summary>
    /// <param name="stream">A readable, seekable stream.</param>
    /// <param name="limits">Limits; <see langword="null"/> uses the defaults.</param>
    /// <returns>The validated header.</returns>
    /// <exception cref="ArgumentException">The stream cannot read or seek (its length is needed for validation).</exception>
    /// <exception cref="GgufFormatException">The data is not a valid GGUF file.</exception>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public static GgufFile Read(Stream stream, GgufReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        }

        var state = new ReadState(new GgufStreamCursor(stream), limits ?? new GgufReadLimits());
        var version = ReadPreamble(state.Cursor);
        var tensorCount = ReadCount(state, "tensor", state.MaxTensorCount, MinTensorInfoBytes);
        var metadataCount = ReadCount(state, "metadata entry", state.MaxMetadataCount, MinMetadataEntryBytes);
        var metadata = ReadMetadata(state, metadataCount);
        var alignment = GetAlignment(state, metadata);
        GgufLlamaChecks.Validate(metadata, state.ValueOffsets);
        var (tensors, dataOffset) = ReadTensorTable(state, tensorCount, alignment);
        return new GgufFile(version, new ReadOnlyDictionary<string, GgufValue>(metadata), tensors, alignment, dataOffset, state.Cursor.Length);
    }

    private static uint ReadPreamble(GgufStreamCursor cursor)
    {
        if (cursor.Length < 4)
        {
            throw new GgufFormatException($"Not a GGUF file: it is {cursor.Length} bytes long, too short for the 'GGUF' magic at offset 0.", 0);
        }

        Span<byte> magic = stackalloc byte[4];
        cursor.ReadExactly(magic, "the magic");
        if (!magic.SequenceEqual("GGUF"u8))
        {
            var shown = string.Concat(magic.ToArray().Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : "?"));
            throw new GgufFormatException(
                $"Not a GGUF file: the magic at offset 0 is '{shown}' (0x{Convert.ToHexString(magic)}), expected 'GGUF'.", 0);
        }

        var version = cursor.ReadUInt32("the version");
        if (version != 0 && (version & 0xFFFF) == 0)
        {
            throw new GgufFormatException(
                $"GGUF version 0x{version:X8} at offset 4 looks byte-swapped: big-endian GGUF files are not supported.", 4);
        }

        if (version < MinSupportedVersion || version > MaxSupportedVersion)
        {
            var why = version == 1 ? "version 1 is no longer supported by llama.cpp" : $"supported versions are {MinSupportedVersion} and {MaxSupportedVersion}";
            throw new GgufFormatException($"GGUF version {version} at offset 4 cannot be read: {why}.", 4);
        }

        return version;
    }

    private static long ReadCount(ReadState state, string what, long limit, int minBytesEach)
    {
        var offset = state.Cursor.Position;
        var count = state.Cursor.ReadInt64($"the {what} count");
        if (count < 0 || count > limit)
        {
            throw new GgufFormatException($"GGUF {what} count {count} at offset {offset} is outside the allowed range 0..{limit}.", offset);
        }

        // Bytes left after this count and (for the tensor count) the metadata count that follows it.
        if (count > state.Cursor.Remaining / minBytesEach)
        {
            throw new GgufFormatException(
                $"GGUF {what} count {count} at offset {offset} cannot fit in the {state.Cursor.Remaining} bytes left in the file (size {state.Cursor.Length}).",
                offset);
        }

        return count;
    }

    private static OrderedDictionary<string, GgufValue> ReadMetadata(ReadState state, long count)
    {
        var metadata = new OrderedDictionary<string, GgufValue>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            var keyOffset = state.Cursor.Position;
            var key = ReadString(state, "a metadata key");
            if (key.Length == 0)
            {
                throw new GgufFormatException($"GGUF metadata key {i} at offset {keyOffset} is empty.", keyOffset);
            }

            if (metadata.ContainsKey(key))
            {
                throw new GgufFormatException($"GGUF metadata key '{key}' at offset {keyOffset} appears twice.", keyOffset);
            }

            var type = ReadValueType(state, $"the type of '{key}'");
            state.ValueOffsets[key] = state.Cursor.Position;
            metadata.Add(key, ReadValue(state, type, key, depth: 0));
        }

        return metadata;
    }

    private static GgufValueType ReadValueType(ReadState state, string what)
    {
        var offset = state.Cursor.Position;
        var raw = state.Cursor.ReadInt32(what);
        if (raw < 0 || raw > (int)GgufValueType.Float64)
        {
            throw new GgufFormatException($"GGUF value type {raw} at offset {offset} ({what}) is not a known type.", offset);
        }

        return (GgufValueType)raw;
    }

    private static GgufValue ReadValue(ReadState state, GgufValueType type, string key, int depth)
    {
        var cursor = state.Cursor;
        var what = $"the value of '{key}'";
        return type switch
        {
            GgufValueType.UInt8 => GgufValue.FromUInt8(cursor.ReadByte(what)),
            GgufValueType.Int8 => GgufValue.FromInt8((sbyte)cursor.ReadByte(what)),
            GgufValueType.UInt16 => GgufValue.FromUInt16(cursor.ReadArray<ushort>(1, what)[0]),
            GgufValueType.Int16 => GgufValue.FromInt16(cursor.ReadArray<short>(1, what)[0]),
            GgufValueType.UInt32 => GgufValue.FromUInt32(cursor.ReadUInt32(what)),
            GgufValueType.Int32 => GgufValue.FromInt32(cursor.ReadInt32(what)),
            GgufValueType.Float32 => GgufValue.FromFloat32(BitConverter.Int32BitsToSingle(cursor.ReadInt32(what))),
            GgufValueType.Bool => GgufValue.FromBool(cursor.ReadByte(what) != 0),
            GgufValueType.String => GgufValue.FromString(ReadString(state, $"the string value of '{key}'")),
            GgufValueType.UInt64 => GgufValue.FromUInt64(cursor.ReadUInt64(what)),
            GgufValueType.Int64 => GgufValue.FromInt64(cursor.ReadInt64(what)),
            GgufValueType.Float64 => GgufValue.FromFloat64(BitConverter.Int64BitsToDouble(cursor.ReadInt64(what))),
            GgufValueType.Array => ReadArray(state, key, depth + 1),
            _ => throw new GgufFormatException($"GGUF value type {(int)type} of '{key}' is not a known type.", cursor.Position),
        };
    }

    private static GgufValue ReadArray(ReadState state, string key, int depth)
    {
        var cursor = state.Cursor;
        var arrayOffset = cursor.Position;
        if (depth > state.MaxNestingDepth)
        {
            throw new GgufFormatException(
                $"GGUF array '{key}' at offset {arrayOffset} is nested {depth} deep; the limit is {state.MaxNestingDepth}.", arrayOffset);
        }

        var elementType = ReadValueType(state, $"the element type of array '{key}'");
        var countOffset = cursor.Position;
        var count = cursor.ReadUInt64($"the length of array '{key}'");
        if (count > (ulong)state.MaxArrayLength || count > (ulong)Array.MaxLength)
        {
            throw new GgufFormatException(
                $"GGUF array length {count} at offset {countOffset} ('{key}') exceeds the limit of {Math.Min(state.MaxArrayLength, Array.MaxLength)} elements.",
                countOffset);
        }

        // Strings need at least their 8-byte length, nested arrays their type and length.
        var minElementBytes = elementType switch
        {
            GgufValueType.String => 8,
            GgufValueType.Array => 12,
            _ => ScalarSize(elementType),
        };
        if (count > (ulong)(cursor.Remaining / minElementBytes))
        {
            throw new GgufFormatException(
                $"GGUF array length {count} at offset {countOffset} ('{key}', {elementType}) runs past the end of the file (size {cursor.Length}).",
                countOffset);
        }

        var n = (int)count;
        var what = $"the elements of array '{key}'";
        Array items = elementType switch
        {
            GgufValueType.UInt8 => cursor.ReadArray<byte>(n, what),
            GgufValueType.Int8 => cursor.ReadArray<sbyte>(n, what),
            GgufValueType.UInt16 => cursor.ReadArray<ushort>(n, what),
            GgufValueType.Int16 => cursor.ReadArray<short>(n, what),
            GgufValueType.UInt32 => cursor.ReadArray<uint>(n, what),
            GgufValueType.Int32 => cursor.ReadArray<int>(n, what),
            GgufValueType.Float32 => cursor.ReadArray<float>(n, what),
            GgufValueType.Bool => Array.ConvertAll(cursor.ReadArray<byte>(n, what), b => b != 0),
            GgufValueType.UInt64 => cursor.ReadArray<ulong>(n, what),
            GgufValueType.Int64 => cursor.ReadArray<long>(n, what),
            GgufValueType.Float64 => cursor.ReadArray<double>(n, what),
            GgufValueType.String => ReadStrings(state, n, key),
            _ => ReadNestedArrays(state, n, key, depth),
        };
        return GgufValue.CreateArray(elementType, items);
    }

    private static string[] ReadStrings(ReadState state, int count, string key)
    {
        var items = new string[count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadString(state, $"element {i} of array '{key}'");
        }

        return items;
    }

    // An element of an array of arrays is written without its own type tag (gguf-py's _pack_val): just the
    // inner element type, length and items.
    private static GgufValue[] ReadNestedArrays(ReadState state, int count, string key, int depth)
    {
        var items = new GgufValue[count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadArray(state, key, depth + 1);
        }

        return items;
    }

    private static string ReadString(ReadState state, string what)
    {
        var cursor = state.Cursor;
        var offset = cursor.Position;
        var length = cursor.ReadUInt64($"the length of {what}");
        if (length > (ulong)cursor.Remaining)
        {
            throw new GgufFormatException(
                $"GGUF string length {length} at offset {offset} ({what}) runs past the end of the file (size {cursor.Length}).", offset);
        }

        if (length > (ulong)state.MaxStringLength || length > (ulong)Array.MaxLength)
        {
            throw new GgufFormatException(
                $"GGUF string length {length} at offset {offset} ({what}) exceeds the limit of {Math.Min(state.MaxStringLength, Array.MaxLength)} bytes.",
                offset);
        }

        if (length == 0)
        {
            return string.Empty;
        }

        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var span = bytes.AsSpan(0, (int)length);
            cursor.ReadExactly(span, what);
            return Utf8.GetString(span);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static uint GetAlignment(ReadState state, OrderedDictionary<string, GgufValue> metadata)
    {
        if (!metadata.TryGetValue(GgufMetadataKeys.GeneralAlignment, out var value))
        {
            return GgufFile.DefaultAlignment;
        }

        // llama.cpp insists on UInt32 here, so a different width is an error, not something to tolerate.
        var offset = state.ValueOffsets[GgufMetadataKeys.GeneralAlignment];
        if (value.Type != GgufValueType.UInt32 || !value.TryGetUInt32(out var alignment))
        {
            throw new GgufFormatException($"GGUF general.alignment at offset {offset} is {value.Type}; it must be UInt32.", offset);
        }

        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new GgufFormatException($"GGUF general.alignment {alignment} at offset {offset} is not a power of two.", offset);
        }

        return alignment;
    }

    private static int ScalarSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        _ => 8,
    };

    private sealed class ReadState(GgufStreamCursor cursor, GgufReadLimits limits)
    {
        public GgufStreamCursor Cursor { get; } = cursor;

        public long MaxStringLength { get; } = limits.MaxStringLength ?? GgufReadLimits.DefaultMaxStringLength;

        public long MaxArrayLength { get; } = limits.MaxArrayLength ?? GgufReadLimits.DefaultMaxArrayLength;

        // Capped because nested arrays are read recursively: no setting may let a file exhaust the stack.
        public int MaxNestingDepth { get; } = Math.Min(limits.MaxArrayNestingDepth ?? GgufReadLimits.DefaultMaxArrayNestingDepth, GgufReadLimits.MaxArrayNestingDepthCap);

        public long MaxMetadataCount { get; } = limits.MaxMetadataCount ?? GgufReadLimits.DefaultMaxMetadataCount;

        public long MaxTensorCount { get; } = limits.MaxTensorCount ?? GgufReadLimits.DefaultMaxTensorCount;

        // Where each metadata value starts, so later checks can point at the offending bytes.
        public Dictionary<string, long> ValueOffsets { get; } = new(StringComparer.Ordinal);
    }
}
