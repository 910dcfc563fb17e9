using System.Text;

namespace LocalKernel.Rag;

/// <summary>
/// Turns the bytes of a text file into a string: a BOM decides (UTF-8, UTF-16, UTF-32); without one the bytes must be
/// strict UTF-8, else they are read as Windows-1252 (the Latin-1 superset most legacy files use). Binary content is
/// refused before decoding so a misnamed image never becomes a "document" of mojibake.
/// </summary>
internal static class TextDecoding
{
    private const int SniffLength = 8192;

    // Above this share of control characters in the first 8 KB the content is not text (logs with a few ANSI escapes pass).
    private const double MaxControlRatio = 0.10;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="bytes"/>; <paramref name="formatName"/> names the declared format in messages.</summary>
    /// <exception cref="DocumentExtractionException">Empty or binary content.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string formatName)
    {
        var encoding = DetectEncoding(bytes, formatName, out int bomLength);
        if (encoding is not null)
        {
            return encoding.GetString(bytes[bomLength..]);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252.GetString(bytes);
        }
    }

    /// <summary>Refuses empty and binary content; returns the encoding a BOM (or BOM-less UTF-16) dictates, or null when
    /// the bytes are single-byte or UTF-8 text whose encoding the caller decides.</summary>
    /// <exception cref="DocumentExtractionException">Empty or binary content.</exception>
    public static Encoding? DetectEncoding(ReadOnlySpan<byte> bytes, string formatName, out int bomLength)
    {
        if (bytes.IsEmpty)
        {
            throw new DocumentExtractionException(ExtractionFailure.Empty, $"The {formatName} file is empty.");
        }

        var bom = DetectBom(bytes, out bomLength);
        if (bom is not null)
        {
            return bom;
        }

        var head = bytes[..Math.Min(bytes.Length, SniffLength)];
        if (head.Contains((byte)0))
        {
            // UTF-16 without a BOM shows NULs in every other byte; anything else with NULs is binary.
            return GuessUtf16WithoutBom(head) ?? throw Binary(head, formatName, "it contains NUL bytes");
        }

        int controls = 0;
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                controls++;
            }
        }

        if (controls > head.Length * MaxControlRatio)
        {
            throw Binary(head, formatName, $"{controls * 100 / head.Length}% of its first bytes are control characters");
        }

        return null;
    }

    private static Encoding Windows1252 => CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    private static Encoding? DetectBom(ReadOnlySpan<byte> bytes, out int length)
    {
        // UTF-32 LE must be tested before UTF-16 LE: its BOM starts with the UTF-16 LE BOM.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            length = 4;
            return new UTF32Encoding(bigEndian: false, byteOrderMark: false);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            length = 4;
            return new UTF32Encoding(bigEndian: true, byteOrderMark: false);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            length = 3;
            return new UTF8Encoding(false);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            length = 2;
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            length = 2;
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
        }

        length = 0;
        return null;
    }

    private static Encoding? GuessUtf16WithoutBom(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4)
        {
            return null;
        }

        int evenZeros = 0, oddZeros = 0, pairs = head.Length / 2;
        for (int i = 0; i + 1 < head.Length; i += 2)
        {
            evenZeros += head[i] == 0 ? 1 : 0;
            oddZeros += head[i + 1] == 0 ? 1 : 0;
        }

        // Mostly-ASCII UTF-16: one byte of each pair is zero nearly always, the other almost never.
        if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05)
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
        }

        if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05)
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
        }

        return null;
    }

    private static DocumentExtractionException Binary(ReadOnlySpan<byte> head, string formatName, string evidence)
    {
        string kind = FileSignatures.Describe(head) ?? "binary data";
        return new DocumentExtractionException(
            ExtractionFailure.Binary,
            $"The content is {kind}, not a {formatName} file: {evidence} (starts with \"{FileSignatures.Preview(head)}\").");
    }
}
