using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Builds a GGUF version 3 file: metadata of every value type and tensors that are encoded from floats
/// (F32, F16, BF16, Q8_0, Q4_0, quantized in managed code like ggml's reference quantizers) or given as
/// already-encoded bytes of any type. Tensor data is produced and written one tensor at a time, so a file can
/// be larger than the memory it takes to write it.
/// </summary>
/// <remarks>
/// The layout follows llama.cpp's own writer: tensors in the order added, each at an offset aligned to
/// <see cref="Alignment"/>, the data section padded likewise. Not thread-safe; build on one thread.
/// </remarks>
public sealed class GgufWriter
{
    private const int MaxTensorNameBytes = 63;
    private const int MaxDimensions = 4;

    private readonly OrderedDictionary<string, GgufValue> _metadata = new(StringComparer.Ordinal);
    private readonly ReadOnlyDictionary<string, GgufValue> _metadataView;
    private readonly List<PendingTensor> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);

    /// <summary>Initializes an empty writer.</summary>
    public GgufWriter() => _metadataView = new ReadOnlyDictionary<string, GgufValue>(_metadata);

    /// <summary>Gets the metadata added so far, in the order it will be written.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata => _metadataView;

    /// <summary>Gets the number of tensors added so far.</summary>
    public int TensorCount => _tensors.Count;

    /// <summary>
    /// Gets or sets the alignment of tensor data in bytes, a power of two (32 by default). A value other than
    /// the default is recorded as <c>general.alignment</c>, which is where readers look for it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a power of two.</exception>
    public uint Alignment
    {
        get => _metadata.TryGetValue(GgufMetadataKeys.GeneralAlignment, out var value) && value.TryGetUInt32(out var a)
            ? a
            : GgufFile.DefaultAlignment;
        set
        {
            if (value == 0 || (value & (value - 1)) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The alignment must be a power of two.");
            }

            if (value == GgufFile.DefaultAlignment)
            {
                _metadata.Remove(GgufMetadataKeys.GeneralAlignment);
            }
            else
            {
                _metadata[GgufMetadataKeys.GeneralAlignment] = GgufValue.FromUInt32(value);
            }
        }
    }

    /// <summary>Gets whether <see cref="AddTensor(string, IReadOnlyList{long}, GgmlType, ReadOnlyMemory{float})"/> can encode floats to <paramref name="type"/>.</summary>
    /// <param name="type">A tensor type.</param>
    /// <returns><see langword="true"/> for F32, F16, BF16, Q8_0 and Q4_0.</returns>
    public static bool CanEncode(GgmlType type) => GgmlQuantizer.CanEncode(type);

    /// <summary>Adds or replaces a metadata entry; a replaced entry keeps its position.</summary>
    /// <param name="key">The key, for example <c>general.name</c>.</param>
    /// <param name="value">The value, created with the factory of the width it must be stored as.</param>
    /// <exception cref="ArgumentException">The key is empty, or <c>general.alignment</c> is not a UInt32 power of two.</exception>
    public void SetMetadata(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key == GgufMetadataKeys.GeneralAlignment)
        {
            if (value.Type != GgufValueType.UInt32 || !value.TryGetUInt32(out var alignment) || alignment == 0 || (alignment & (alignment - 1)) != 0)
            {
                throw new ArgumentException("general.alignment must be a UInt32 power of two.", nameof(value));
            }
        }

        _metadata[key] = value;
    }

    /// <summary>Removes a metadata entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when the entry existed.</returns>
    public bool RemoveMetadata(string key) => _metadata.Remove(key);

    /// <summary>Adds a tensor whose values are in memory; they are encoded to <paramref name="type"/> when the file is written.</summary>
    /// <param name="name">Tensor name, unique, at most 63 UTF-8 bytes.</param>
    /// <param name="dimensions">1 to 4 positive dimensions, fastest-varying first.</param>
    /// <param name="type">An encodable type (see <see cref="CanEncode"/>).</param>
    /// <param name="values">Exactly as many values as the dimensions describe; not copied, so leave them unchanged until written.</param>
    /// <exception cref="ArgumentException">The name, shape, type or value count is invalid.</exception>
    public void AddTensor(string name, IReadOnlyList<long> dimensions, GgmlType type, ReadOnlyMemory<float> values)
    {
        var tensor = Describe(name, dimensions, type, requireEncodable: true);
        if (values.Length != tensor.ElementCount)
        {
            throw new ArgumentException($"Tensor '{name}' needs {tensor.ElementCount} values but {values.Length} were given.", nameof(values));
        }

        Add(tensor with { Fill = span => values.Span.CopyTo(span) });
    }

    /// <summary>
    /// Adds a tensor whose values are produced only when the file is written, so that large models never hold
    /// more than one tensor in memory.
    /// </summary>
    /// <param name="name">Tensor name, unique, at most 63 UTF-8 bytes.</param>
    /// <param name="dimensions">1 to 4 positive dimensions, fastest-varying first.</param>
    /// <param name="type">An encodable type (see <see cref="CanEncode"/>).</param>
    /// <param name="fill">Called once during writing with a span of exactly the element count to fill.</param>
    /// <exception cref="ArgumentException">The name, shape or type is invalid.</exception>
    public void AddTensor(string name, IReadOnlyList<long> dimensions, GgmlType type, Action<Span<float>> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        Add(Describe(name, dimensions, type, requireEncodable: true) with { Fill = fill });
    }

    /// <summary>Adds a tensor whose bytes are already in ggml's layout for <paramref name="type"/>; any known type is allowed.</summary>
    /// <param name="name">Tensor name, unique, at most 63 UTF-8 bytes.</param>
    /// <param name="dimensions">1 to 4 positive dimensions, fastest-varying first; rows must be whole blocks.</param>
    /// <param name="type">The type the bytes are encoded in.</param>
    /// <param name="data">Exactly the tensor's byte size; not copied, so leave it unchanged until written.</param>
    /// <exception cref="ArgumentException">The name, shape, type or data length is invalid.</exception>
    public void AddEncodedTensor(string name, IReadOnlyList<long> dimensions, GgmlType type, ReadOnlyMemory<byte> data)
    {
        var tensor = Describe(name, dimensions, type, requireEncodable: false);
        if (data.Length != tensor.ByteSize)
        {
            throw new ArgumentException($"Tensor '{name}' needs {tensor.ByteSize} bytes of {type} but {data.Length} were given.", nameof(data));
        }

        Add(tensor with { Encoded = data });
    }

    /// <summary>Writes the file to <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="path">Destination path.</param>
    /// <exception cref="IOException">The file could not be written.</exception>
    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteTo(stream);
    }

    /// <summary>Writes the file to <paramref name="stream"/> from its current position; the stream is left open.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="IOException">The stream could not be written.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var alignment = Alignment;
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true); // BinaryWriter is always little-endian
        writer.Write("GGUF"u8);
        writer.Write(GgufReader.MaxSupportedVersion);
        writer.Write((long)_tensors.Count);
        writer.Write((long)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(writer, key);
            writer.Write((int)value.Type);
            WriteValue(writer, value);
        }

        long offset = 0;
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Dimensions.Length);
            foreach (var dimension in tensor.Dimensions)
            {
                writer.Write(dimension);
            }

            writer.Write((int)tensor.Type);
            writer.Write((ulong)offset);
            offset = AlignUp(checked(offset + tensor.ByteSize), alignment);
        }

        long written = 4 + 4 + 8 + 8; // counted by hand: the stream need not be seekable
        written = CountHeader(written);
        Pad(writer, written, alignment);
        foreach (var tensor in _tensors)
        {
            WriteTensorData(writer, tensor);
            Pad(writer, tensor.ByteSize, alignment);
        }

        writer.Flush();
    }

    private static void WriteTensorData(BinaryWriter writer, PendingTensor tensor)
    {
        if (tensor.Fill is null)
        {
            writer.Write(tensor.Encoded.Span);
            return;
        }

        var values = ArrayPool<float>.Shared.Rent(checked((int)tensor.ElementCount));
        var bytes = ArrayPool<byte>.Shared.Rent(checked((int)tensor.ByteSize));
        try
        {
            var valueSpan = values.AsSpan(0, (int)tensor.ElementCount);
            valueSpan.Clear();
            tensor.Fill(valueSpan);
            var byteSpan = bytes.AsSpan(0, (int)tensor.ByteSize);
            GgmlQuantizer.Encode(valueSpan, tensor.Type, byteSpan);
            writer.Write(byteSpan);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private long CountHeader(long written)
    {
        foreach (var (key, value) in _metadata)
        {
            written += 8 + Encoding.UTF8.GetByteCount(key) + 4 + ValueSize(value);
        }

        foreach (var tensor in _tensors)
        {
            written += 8 + Encoding.UTF8.GetByteCount(tensor.Name) + 4 + (8 * tensor.Dimensions.Length) + 4 + 8;
        }

        return written;
    }

    private static long ValueSize(GgufValue value) => value.RawValue switch
    {
        string s => 8 + Encoding.UTF8.GetByteCount(s),
        string[] items => 4 + 8 + items.Sum(s => 8L + Encoding.UTF8.GetByteCount(s)),
        GgufValue[] items => 4 + 8 + items.Sum(ValueSize),
        Array items => 4 + 8 + ((long)items.Length * ScalarSize(value.ElementType!.Value)),
        _ => ScalarSize(value.Type),
    };

    private static int ScalarSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        _ => 8,
    };

    private static void WriteValue(BinaryWriter writer, GgufValue value)
    {
        switch (value.RawValue)
        {
            case byte v: writer.Write(v); break;
            case sbyte v: writer.Write(v); break;
            case ushort v: writer.Write(v); break;
            case short v: writer.Write(v); break;
            case uint v: writer.Write(v); break;
            case int v: writer.Write(v); break;
            case float v: writer.Write(v); break;
            case bool v: writer.Write((byte)(v ? 1 : 0)); break;
            case string v: WriteString(writer, v); break;
            case ulong v: writer.Write(v); break;
            case long v: writer.Write(v); break;
            case double v: writer.Write(v); break;
            case Array items: WriteArray(writer, value.ElementType!.Value, items); break;
            default: throw new InvalidOperationException($"Unexpected GGUF value {value.RawValue.GetType()}.");
        }
    }

    private static void WriteArray(BinaryWriter writer, GgufValueType elementType, Array items)
    {
        writer.Write((int)elementType);
        writer.Write((ulong)items.Length);
        foreach (var item in items)
        {
            switch (item)
            {
                case GgufValue nested:
                    // Elements of an array of arrays carry no type tag of their own, only their element type.
                    WriteValue(writer, nested);
                    break;
                case string s:
                    WriteString(writer, s);
                    break;
                default:
                    WriteValue(writer, GgufValue.Scalar(elementType, item));
                    break;
            }
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void Pad(BinaryWriter writer, long written, uint alignment)
    {
        var padding = AlignUp(written, alignment) - written;
        for (long i = 0; i < padding; i++)
        {
            writer.Write((byte)0);
        }
    }

    private static long AlignUp(long value, uint alignment)
    {
        var remainder = value % alignment;
        return remainder == 0 ? value : value + (alignment - remainder);
    }

    private PendingTensor Describe(string name, IReadOnlyList<long> dimensions, GgmlType type, bool requireEncodable)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (Encoding.UTF8.GetByteCount(name) > MaxTensorNameBytes)
        {
            throw new ArgumentException($"Tensor name '{name}' is longer than {MaxTensorNameBytes} UTF-8 bytes.", nameof(name));
        }

        if (_tensorNames.Contains(name))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }

        if (dimensions.Count is 0 or > MaxDimensions)
        {
            throw new ArgumentException($"Tensor '{name}' has {dimensions.Count} dimensions; 1 to {MaxDimensions} are allowed.", nameof(dimensions));
        }

        if (requireEncodable && !CanEncode(type))
        {
            throw new ArgumentException($"Floats cannot be encoded to {type}; use AddEncodedTensor for that type.", nameof(type));
        }

        // GgufTensorInfo applies the same shape rules the reader does (positive dimensions, whole blocks).
        var info = new GgufTensorInfo(name, dimensions, type, offset: 0, dataOffset: 0);
        return new PendingTensor(name, [.. dimensions], type, info.ElementCount, info.ByteSize);
    }

    private void Add(PendingTensor tensor)
    {
        _tensorNames.Add(tensor.Name);
        _tensors.Add(tensor);
    }

    private sealed record PendingTensor(string Name, long[] Dimensions, GgmlType Type, long ElementCount, long ByteSize)
    {
        public Action<Span<float>>? Fill { get; init; }

        public ReadOnlyMemory<byte> Encoded { get; init; }
    }
}
