using System.Text;

namespace LocalKernel.Rag;

// The PDF object model (ISO 32000-1, 7.3), kept minimal: numbers are doubles, booleans are bools, null is null,
// arrays are lists, and these few classes carry what needs a type of its own.

/// <summary>A PDF name (the text after '/', with #xx escapes resolved).</summary>
internal sealed class PdfName(string value)
{
    public string Value { get; } = value;

    public override string ToString() => "/" + Value;
}

/// <summary>A PDF string: raw bytes, since their meaning depends on where they are used (font codes or text).</summary>
internal sealed class PdfString(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    /// <summary>Decodes a "text string" (7.9.2.2): UTF-16BE or UTF-8 with a BOM, else PDFDocEncoding (≈ Latin-1).</summary>
    public string ToText()
    {
        var b = Bytes.AsSpan();
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(b[2..]);
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(b[3..]);
        }

        var chars = new char[b.Length];
        for (int i = 0; i < b.Length; i++)
        {
            chars[i] = PdfEncodings.PdfDocChar(b[i]);
        }

        return new string(chars);
    }

    public override string ToString() => ToText();
}

/// <summary>A PDF array.</summary>
internal sealed class PdfArray : List<object?>
{
}

/// <summary>A PDF dictionary keyed by name (without the '/').</summary>
internal sealed class PdfDictionary : Dictionary<string, object?>
{
    public PdfDictionary()
        : base(StringComparer.Ordinal)
    {
    }

    public object? Get(string key) => TryGetValue(key, out var value) ? value : null;
}

/// <summary>A stream object: its dictionary and its still-encoded bytes.</summary>
internal sealed class PdfStream(PdfDictionary dictionary, ReadOnlyMemory<byte> raw, PdfRef? reference)
{
    public PdfDictionary Dictionary { get; } = dictionary;

    /// <summary>The bytes between "stream" and "endstream", filters not applied.</summary>
    public ReadOnlyMemory<byte> Raw { get; } = raw;

    /// <summary>The indirect object it was loaded from (identity for caches and cycle checks).</summary>
    public PdfRef? Reference { get; } = reference;
}

/// <summary>An indirect reference "n g R".</summary>
internal readonly record struct PdfRef(int Number, int Generation)
{
    public override string ToString() => $"{Number} {Generation} R";
}

/// <summary>A keyword: an operator in a content stream, or obj/endobj/stream/R in the file structure.</summary>
internal sealed class PdfKeyword(string value)
{
    public string Value { get; } = value;

    public override string ToString() => Value;
}

/// <summary>Thrown inside the PDF reader for structural damage; the extractor turns it into
/// <see cref="ExtractionFailure.Malformed"/>.</summary>
internal sealed class PdfFormatException(string message) : Exception(message)
{
}
