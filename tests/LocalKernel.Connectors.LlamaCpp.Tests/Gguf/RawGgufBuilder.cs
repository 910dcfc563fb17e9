using System.Text;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Writes GGUF bytes field by field, including fields no valid writer would produce, so each malformed-input
/// test states exactly which byte is wrong. <see cref="Position"/> tells a test where the next field lands.
/// </summary>
internal sealed class RawGgufBuilder
{
    private readonly MemoryStream _stream = new();
    private readonly BinaryWriter _writer;

    public RawGgufBuilder() => _writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);

    public long Position => _stream.Position;

    /// <summary>Magic, version and counts.</summary>
    public RawGgufBuilder Header(long tensorCount, long metadataCount, uint version = 3, string magic = "GGUF")
    {
        _writer.Write(Encoding.ASCII.GetBytes(magic));
        _writer.Write(version);
        _writer.Write(tensorCount);
        _writer.Write(metadataCount);
        return this;
    }

    public RawGgufBuilder String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        _writer.Write((ulong)bytes.Length);
        _writer.Write(bytes);
        return this;
    }

    public RawGgufBuilder UInt32(uint value)
    {
        _writer.Write(value);
        return this;
    }

    public RawGgufBuilder Int32(int value)
    {
        _writer.Write(value);
        return this;
    }

    public RawGgufBuilder UInt64(ulong value)
    {
        _writer.Write(value);
        return this;
    }

    public RawGgufBuilder Int64(long value)
    {
        _writer.Write(value);
        return this;
    }

    public RawGgufBuilder Bytes(params byte[] bytes)
    {
        _writer.Write(bytes);
        return this;
    }

    /// <summary>A UInt32 metadata entry.</summary>
    public RawGgufBuilder KeyUInt32(string key, uint value) => String(key).Int32((int)GgufValueType.UInt32).UInt32(value);

    /// <summary>A string metadata entry.</summary>
    public RawGgufBuilder KeyString(string key, string value) => String(key).Int32((int)GgufValueType.String).String(value);

    /// <summary>A tensor table entry.</summary>
    public RawGgufBuilder Tensor(string name, long[] dimensions, GgmlType type, ulong offset)
    {
        String(name).UInt32((uint)dimensions.Length);
        foreach (var dimension in dimensions)
        {
            Int64(dimension);
        }

        return Int32((int)type).UInt64(offset);
    }

    /// <summary>Zero bytes up to the next multiple of <paramref name="alignment"/>.</summary>
    public RawGgufBuilder Pad(int alignment = 32)
    {
        while (_stream.Position % alignment != 0)
        {
            _writer.Write((byte)0);
        }

        return this;
    }

    public RawGgufBuilder Zeros(int count) => Bytes(new byte[count]);

    public byte[] ToArray()
    {
        _writer.Flush();
        return _stream.ToArray();
    }
}
