using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Forward-only, buffered reading of a GGUF header from a stream. Every read is checked against the
/// stream's length first, so a truncated or lying file becomes a <see cref="GgufFormatException"/> that
/// names the offset, never an <see cref="EndOfStreamException"/>.
/// </summary>
/// <remarks>Offsets are relative to the stream position at construction, where the GGUF data starts.</remarks>
internal sealed class GgufStreamCursor
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private long _bufferStart;
    private int _bufferLength;
    private int _bufferPosition;

    public GgufStreamCursor(Stream stream)
    {
        _stream = stream;
        Length = stream.Length - stream.Position;

        // No bigger than the file: validating many small (or truncated) files should not allocate 64 KB each.
        _buffer = new byte[(int)Math.Clamp(Length, 16, BufferSize)];
    }

    public long Length { get; }

    public long Position => _bufferStart + _bufferPosition;

    public long Remaining => Length - Position;

    public byte ReadByte(string what) => Take(1, what)[0];

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

    public void ReadExactly(Span<byte> destination, string what)
    {
        if (destination.Length > Remaining)
        {
            throw Truncated(destination.Length, what);
        }

        while (!destination.IsEmpty)
        {
            var chunk = Math.Min(destination.Length, _buffer.Length);
            Take(chunk, what).CopyTo(destination);
            destination = destination[chunk..];
        }
    }

    // Reads count little-endian numbers straight into a new array; the caller has checked that they fit in the file.
    public T[] ReadArray<T>(int count, string what)
        where T : unmanaged
    {
        var items = new T[count];
        var bytes = MemoryMarshal.AsBytes(items.AsSpan());
        ReadExactly(bytes, what);
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness(bytes, bytes.Length / Math.Max(count, 1));
        }

        return items;
    }

    public GgufFormatException Truncated(long needed, string what) =>
        new($"GGUF file is truncated: {what} at offset {Position} needs {needed} bytes but only {Remaining} remain (file size {Length}).", Position);

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw Truncated(count, what);
        }

        if (_bufferLength - _bufferPosition < count)
        {
            Refill(count);
        }

        var span = _buffer.AsSpan(_bufferPosition, count);
        _bufferPosition += count;
        return span;
    }

    private void Refill(int minimum)
    {
        var leftover = _bufferLength - _bufferPosition;
        Buffer.BlockCopy(_buffer, _bufferPosition, _buffer, 0, leftover);
        _bufferStart += _bufferPosition;
        _bufferPosition = 0;
        _bufferLength = leftover;

        while (_bufferLength < minimum)
        {
            var wanted = (int)Math.Min(_buffer.Length - _bufferLength, Length - (_bufferStart + _bufferLength));
            var read = wanted > 0 ? _stream.Read(_buffer, _bufferLength, wanted) : 0;
            if (read == 0)
            {
                // The length was checked before reading, so this is a file that shrank while we read it.
                var offset = _bufferStart + _bufferLength;
                throw new GgufFormatException(
                    $"GGUF file ended at offset {offset} although its size is {Length}; it changed while being read.", offset);
            }

            _bufferLength += read;
        }
    }

    private static void ReverseEndianness(Span<byte> bytes, int elementSize)
    {
        for (var i = 0; elementSize > 1 && i + elementSize <= bytes.Length; i += elementSize)
        {
            bytes.Slice(i, elementSize).Reverse();
        }
    }
}
