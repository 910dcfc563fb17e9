namespace LocalKernel.Rag;

/// <summary>A growable byte buffer that refuses to grow past a limit: the guard every PDF decoder writes through.</summary>
internal sealed class BoundedOutput(long maxBytes, long expectedBytes)
{
    private byte[] _buffer = new byte[(int)Math.Clamp(expectedBytes, 256, Math.Min(maxBytes, 1 << 20) + 1)];

    public int Length { get; private set; }

    public static DocumentExtractionException TooLarge(long maxBytes) =>
        new(ExtractionFailure.TooLarge, $"A PDF stream decompresses to more than the limit of {maxBytes:N0} bytes (ExtractionOptions.MaxDecompressedBytes).");

    public void Write(ReadOnlySpan<byte> bytes)
    {
        long needed = (long)Length + bytes.Length;
        if (needed > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        if (needed > _buffer.Length)
        {
            long grown = Math.Min(Math.Max(needed, (long)_buffer.Length * 2), Math.Min(maxBytes, Array.MaxLength));
            Array.Resize(ref _buffer, (int)grown);
        }

        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteByte(byte value) => Write([value]);

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();
}
