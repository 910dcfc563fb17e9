using System.Buffers;

namespace LocalKernel.Rag;

/// <summary>Reads an extractor's input with the configured size limit, so a huge or endless stream fails fast
/// instead of filling memory.</summary>
internal static class ExtractionInput
{
    /// <summary>Reads all of <paramref name="content"/>, failing with <see cref="ExtractionFailure.TooLarge"/> as soon as
    /// more than <paramref name="maxBytes"/> bytes arrive.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.CanSeek)
        {
            long remaining = content.Length - content.Position;
            if (remaining > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            if (remaining <= int.MaxValue - 64)
            {
                var exact = new byte[remaining];
                await content.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
                return exact;
            }
        }

        // Unknown length: grow a buffer, but never past the limit plus one byte (the byte that proves it is too big).
        var buffer = new ArrayBufferWriter<byte>(81920);
        while (true)
        {
            var span = buffer.GetMemory(81920);
            int read = await content.ReadAsync(span, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static DocumentExtractionException TooLarge(long maxBytes) =>
        new(ExtractionFailure.TooLarge, $"The file is larger than the configured limit of {maxBytes:N0} bytes (ExtractionOptions.MaxFileBytes).");
}
