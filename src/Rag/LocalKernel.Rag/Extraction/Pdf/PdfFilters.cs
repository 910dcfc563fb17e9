using System.IO.Compression;

namespace LocalKernel.Rag;

/// <summary>A stream uses a filter that encodes images (DCT, JPX, JBIG2, CCITT), which hold no text.</summary>
internal sealed class PdfUnsupportedFilterException(string filter) : Exception($"The PDF filter /{filter} is not supported.")
{
    public string Filter { get; } = filter;
}

/// <summary>
/// The standard stream filters (7.4) with a hard output limit: every decoder writes through a
/// <see cref="BoundedOutput"/>, so a decompression bomb stops at <c>maxBytes</c> instead of filling memory.
/// </summary>
internal static class PdfFilters
{
    /// <summary>Applies the filter chain to <paramref name="raw"/>.</summary>
    /// <exception cref="DocumentExtractionException">Output beyond <paramref name="maxBytes"/> (TooLarge).</exception>
    /// <exception cref="PdfUnsupportedFilterException">An image-only filter.</exception>
    public static byte[] Decode(ReadOnlyMemory<byte> raw, IReadOnlyList<string> filters, IReadOnlyList<PdfDictionary?> parameters, long maxBytes)
    {
        byte[] data = raw.ToArray();
        if (filters.Count == 0 && data.Length > maxBytes)
        {
            throw BoundedOutput.TooLarge(maxBytes);
        }

        for (int i = 0; i < filters.Count; i++)
        {
            var parms = i < parameters.Count ? parameters[i] : null;
            data = filters[i] switch
            {
                "FlateDecode" or "Fl" => Predict(Inflate(data, maxBytes), parms, maxBytes),
                "LZWDecode" or "LZW" => Predict(Lzw(data, EarlyChange(parms), maxBytes), parms, maxBytes),
                "ASCIIHexDecode" or "AHx" => AsciiHex(data, maxBytes),
                "ASCII85Decode" or "A85" => Ascii85(data, maxBytes),
                "RunLengthDecode" or "RL" => RunLength(data, maxBytes),
                "Crypt" => data,
                var other => throw new PdfUnsupportedFilterException(other),
            };
        }

        return data;
    }

    private static byte[] Inflate(byte[] data, long maxBytes)
    {
        // Some producers omit the zlib header; the raw deflate data then starts at once.
        bool zlibHeader = data.Length >= 2 && (data[0] & 0x0F) == 8 && ((data[0] << 8) | data[1]) % 31 == 0;
        var output = new BoundedOutput(maxBytes, Math.Min(maxBytes, (long)data.Length * 4));
        using var input = new MemoryStream(data, writable: false);
        using Stream inflater = zlibHeader ? new ZLibStream(input, CompressionMode.Decompress) : new DeflateStream(input, CompressionMode.Decompress);
        // Small reads: when the data is damaged part way, what one read had inflated before the damage is lost with it,
        // and a page's whole content stream is often under 64 KiB.
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer.AsSpan(0, read));
            }
        }
        catch (InvalidDataException) when (output.Length > 0)
        {
            // A damaged tail (bad checksum, truncated data) is common; keep what inflated, as viewers do.
        }
        catch (InvalidDataException)
        {
            throw new PdfFormatException("A compressed stream is damaged.");
        }

        return output.ToArray();
    }

    private static int EarlyChange(PdfDictionary? parms) => parms?.Get("EarlyChange") is double d ? (int)d : 1;

    private static byte[] Predict(byte[] data, PdfDictionary? parms, long maxBytes)
    {
        int predictor = parms?.Get("Predictor") is double p ? (int)p : 1;
        if (predictor <= 1)
        {
            return data;
        }

        int colors = Math.Clamp(parms!.Get("Colors") is double c ? (int)c : 1, 1, 32);
        int bits = Math.Clamp(parms.Get("BitsPerComponent") is double b ? (int)b : 8, 1, 16);
        int columns = Math.Clamp(parms.Get("Columns") is double k ? (int)k : 1, 1, 1 << 24);
        int bytesPerPixel = Math.Max(1, ((colors * bits) + 7) / 8);
        int rowLength = (int)(((long)colors * bits * columns + 7) / 8);
        if (predictor == 2)
        {
            return bits == 8 ? TiffPredict(data, rowLength, bytesPerPixel) : data;
        }

        var output = new BoundedOutput(maxBytes, data.Length);
        var previous = new byte[rowLength];
        var row = new byte[rowLength];
        for (int pos = 0; pos < data.Length; pos += rowLength + 1)
        {
            int type = data[pos];
            int available = Math.Min(rowLength, data.Length - pos - 1);
            Array.Clear(row);
            Array.Copy(data, pos + 1, row, 0, Math.Max(0, available));
            for (int i = 0; i < rowLength; i++)
            {
                int left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
                int up = previous[i];
                int upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                row[i] = type switch
                {
                    1 => (byte)(row[i] + left),
                    2 => (byte)(row[i] + up),
                    3 => (byte)(row[i] + ((left + up) >> 1)),
                    4 => (byte)(row[i] + Paeth(left, up, upLeft)),
                    _ => row[i],
                };
            }

            output.Write(row.AsSpan(0, Math.Max(0, available)));
            (previous, row) = (row, previous);
        }

        return output.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] TiffPredict(byte[] data, int rowLength, int bytesPerPixel)
    {
        for (int rowStart = 0; rowStart < data.Length; rowStart += rowLength)
        {
            for (int i = rowStart + bytesPerPixel; i < Math.Min(rowStart + rowLength, data.Length); i++)
            {
                data[i] = (byte)(data[i] + data[i - bytesPerPixel]);
            }
        }

        return data;
    }

    private static byte[] Lzw(byte[] data, int earlyChange, long maxBytes)
    {
        var output = new BoundedOutput(maxBytes, data.Length * 3L);
        var prefix = new int[4096];
        var suffix = new byte[4096];
        var length = new int[4096];
        var scratch = new byte[4096];
        for (int i = 0; i < 256; i++)
        {
            prefix[i] = -1;
            suffix[i] = (byte)i;
            length[i] = 1;
        }

        int next = 258, codeBits = 9, previous = -1;
        long bitBuffer = 0;
        int bitCount = 0, pos = 0;
        while (true)
        {
            while (bitCount < codeBits && pos < data.Length)
            {
                bitBuffer = (bitBuffer << 8) | data[pos++];
                bitCount += 8;
            }

            if (bitCount < codeBits)
            {
                break;
            }

            int code = (int)((bitBuffer >> (bitCount - codeBits)) & ((1 << codeBits) - 1));
            bitCount -= codeBits;
            if (code == 256)
            {
                next = 258;
                codeBits = 9;
                previous = -1;
                continue;
            }

            if (code == 257)
            {
                break;
            }

            if (previous >= 0 && next < 4096)
            {
                if (code > next)
                {
                    break; // corrupt: a code from the future
                }

                int first = code < next ? FirstByte(code, prefix, suffix) : FirstByte(previous, prefix, suffix);
                prefix[next] = previous;
                suffix[next] = (byte)first;
                length[next] = length[previous] + 1;
                next++;
            }
            else if (code >= next)
            {
                break;
            }

            int n = length[code];
            for (int k = n - 1, c = code; k >= 0 && c >= 0; k--, c = prefix[c])
            {
                scratch[k] = suffix[c];
            }

            output.Write(scratch.AsSpan(0, n));
            previous = code;
            if (next + earlyChange >= (1 << codeBits) && codeBits < 12)
            {
                codeBits++;
            }
        }

        return output.ToArray();
    }

    private static int FirstByte(int code, int[] prefix, byte[] suffix)
    {
        while (prefix[code] >= 0)
        {
            code = prefix[code];
        }

        return suffix[code];
    }

    private static byte[] AsciiHex(byte[] data, long maxBytes)
    {
        var output = new BoundedOutput(maxBytes, data.Length / 2);
        int high = -1;
        foreach (var b in data)
        {
            if (b == '>')
            {
                break;
            }

            int v = b is >= (byte)'0' and <= (byte)'9' ? b - '0' : (b | 0x20) is >= 'a' and <= 'f' ? (b | 0x20) - 'a' + 10 : -1;
            if (v < 0)
            {
                continue;
            }

            if (high < 0)
            {
                high = v;
            }
            else
            {
                output.WriteByte((byte)((high << 4) | v));
                high = -1;
            }
        }

        if (high >= 0)
        {
            output.WriteByte((byte)(high << 4));
        }

        return output.ToArray();
    }

    private static byte[] Ascii85(byte[] data, long maxBytes)
    {
        var output = new BoundedOutput(maxBytes, data.Length);
        Span<byte> group = stackalloc byte[4];
        long value = 0;
        int count = 0;
        for (int i = 0; i < data.Length; i++)
        {
            byte b = data[i];
            if (b == '~')
            {
                break;
            }

            if (b == 'z' && count == 0)
            {
                output.Write([0, 0, 0, 0]);
                continue;
            }

            if (b is < (byte)'!' or > (byte)'u')
            {
                continue;
            }

            value = (value * 85) + (b - '!');
            if (++count == 5)
            {
                WriteGroup(output, group, value, 4);
                value = 0;
                count = 0;
            }
        }

        if (count > 1)
        {
            // A final partial group is padded with 'u' and yields count - 1 bytes.
            for (int k = count; k < 5; k++)
            {
                value = (value * 85) + 84;
            }

            WriteGroup(output, group, value, count - 1);
        }

        return output.ToArray();
    }

    private static void WriteGroup(BoundedOutput output, Span<byte> group, long value, int bytes)
    {
        group[0] = (byte)(value >> 24);
        group[1] = (byte)(value >> 16);
        group[2] = (byte)(value >> 8);
        group[3] = (byte)value;
        output.Write(group[..bytes]);
    }

    private static byte[] RunLength(byte[] data, long maxBytes)
    {
        var output = new BoundedOutput(maxBytes, data.Length * 2L);
        int i = 0;
        while (i < data.Length)
        {
            int n = data[i++];
            if (n == 128)
            {
                break;
            }

            if (n < 128)
            {
                int count = Math.Min(n + 1, data.Length - i);
                output.Write(data.AsSpan(i, count));
                i += count;
            }
            else if (i < data.Length)
            {
                byte b = data[i++];
                for (int k = 0; k < 257 - n; k++)
                {
                    output.WriteByte(b);
                }
            }
        }

        return output.ToArray();
    }
}
