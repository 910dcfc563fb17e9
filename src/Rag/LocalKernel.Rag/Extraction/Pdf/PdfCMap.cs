using System.Text;

namespace LocalKernel.Rag;

/// <summary>
/// A CMap (9.7.5, 9.10.3): code space ranges that say how many bytes a character code has, plus either code → Unicode
/// mappings (ToUnicode: bfchar, bfrange with a start string or an array) or code → CID mappings (cidchar, cidrange).
/// </summary>
internal sealed class PdfCMap
{
    private const int MaxRangeSpan = 1 << 20;

    private readonly List<(byte[] Low, byte[] High)> _codeSpaces = [];
    private readonly Dictionary<(int Code, int Length), string> _unicode = [];
    private readonly List<(int Low, int High, int Length, string? Start, PdfArray? Array)> _unicodeRanges = [];
    private readonly Dictionary<(int Code, int Length), int> _cids = [];
    private readonly List<(int Low, int High, int Length, int Cid)> _cidRanges = [];

    /// <summary>The name given by "usecmap" (e.g. "Identity-H"), if any.</summary>
    public string? UsesCMap { get; private set; }

    public bool HasCodeSpaces => _codeSpaces.Count > 0;

    public bool HasUnicode => _unicode.Count > 0 || _unicodeRanges.Count > 0;

    /// <summary>Parses a CMap program; unknown or damaged parts are skipped.</summary>
    public static PdfCMap Parse(byte[] data)
    {
        var cmap = new PdfCMap();
        var lexer = new PdfLexer(data);
        var operands = new List<object?>();
        while (lexer.Next() != PdfTokenKind.EndOfInput)
        {
            if (lexer.Kind != PdfTokenKind.Keyword)
            {
                operands.Add(lexer.ReadCurrent(allowReferences: false));
                if (operands.Count > 8)
                {
                    operands.RemoveAt(0);
                }

                continue;
            }

            switch (lexer.Text)
            {
                case "begincodespacerange":
                    cmap.ReadCodeSpaces(lexer);
                    break;
                case "beginbfchar":
                    cmap.ReadBfChar(lexer);
                    break;
                case "beginbfrange":
                    cmap.ReadBfRange(lexer);
                    break;
                case "begincidchar":
                    cmap.ReadCidChar(lexer);
                    break;
                case "begincidrange":
                    cmap.ReadCidRange(lexer);
                    break;
                case "usecmap":
                    cmap.UsesCMap = operands.LastOrDefault() is PdfName name ? name.Value : null;
                    break;
            }

            operands.Clear();
        }

        return cmap;
    }

    /// <summary>The byte length of the code starting at <paramref name="bytes"/>[0], by the code space ranges
    /// (9.7.6.2); 0 when there are none.</summary>
    public int CodeLength(ReadOnlySpan<byte> bytes)
    {
        for (int length = 1; length <= 4 && length <= bytes.Length; length++)
        {
            foreach (var (low, high) in _codeSpaces)
            {
                if (low.Length != length)
                {
                    continue;
                }

                bool inside = true;
                for (int i = 0; i < length && inside; i++)
                {
                    inside = bytes[i] >= low[i] && bytes[i] <= high[i];
                }

                if (inside)
                {
                    return length;
                }
            }
        }

        // No range matches: take the length of the shortest range, the recovery viewers use.
        return _codeSpaces.Count == 0 ? 0 : Math.Min(bytes.Length, _codeSpaces.Min(r => r.Low.Length));
    }

    /// <summary>The text for a code, or null.</summary>
    public string? Lookup(int code, int length)
    {
        if (_unicode.TryGetValue((code, length), out var text))
        {
            return text;
        }

        foreach (var (low, high, rangeLength, start, array) in _unicodeRanges)
        {
            if (rangeLength != length || code < low || code > high)
            {
                continue;
            }

            if (array is not null)
            {
                int index = code - low;
                return index < array.Count && array[index] is PdfString s ? Utf16(s.Bytes) : null;
            }

            // The last character of the start string is incremented by the offset into the range.
            var chars = start!.ToCharArray();
            if (chars.Length == 0)
            {
                return null;
            }

            chars[^1] = (char)(chars[^1] + (code - low));
            return new string(chars);
        }

        return null;
    }

    /// <summary>The CID for a code, or null when the CMap does not map it.</summary>
    public int? LookupCid(int code, int length)
    {
        if (_cids.TryGetValue((code, length), out int cid))
        {
            return cid;
        }

        foreach (var (low, high, rangeLength, start) in _cidRanges)
        {
            if (rangeLength == length && code >= low && code <= high)
            {
                return start + (code - low);
            }
        }

        return null;
    }

    private void ReadCodeSpaces(PdfLexer lexer)
    {
        while (NextString(lexer) is { } low && NextString(lexer) is { } high)
        {
            if (low.Length == high.Length && low.Length is >= 1 and <= 4)
            {
                _codeSpaces.Add((low, high));
            }
        }
    }

    private void ReadBfChar(PdfLexer lexer)
    {
        while (NextString(lexer) is { } source)
        {
            var value = lexer.ReadObject(allowReferences: false);
            if (source.Length is >= 1 and <= 4)
            {
                string? text = value switch
                {
                    PdfString s => Utf16(s.Bytes),
                    PdfName n => PdfGlyphList.ToUnicode(n.Value),
                    _ => null,
                };
                if (text is not null)
                {
                    _unicode[(Code(source), source.Length)] = text;
                }
            }
        }
    }

    private void ReadBfRange(PdfLexer lexer)
    {
        while (NextString(lexer) is { } low && NextString(lexer) is { } high)
        {
            var value = lexer.ReadObject(allowReferences: false);
            if (low.Length != high.Length || low.Length is < 1 or > 4 || Code(high) < Code(low) || Code(high) - Code(low) > MaxRangeSpan)
            {
                continue;
            }

            switch (value)
            {
                case PdfString start:
                    _unicodeRanges.Add((Code(low), Code(high), low.Length, Utf16(start.Bytes), null));
                    break;
                case PdfArray array:
                    _unicodeRanges.Add((Code(low), Code(high), low.Length, null, array));
                    break;
            }
        }
    }

    private void ReadCidChar(PdfLexer lexer)
    {
        while (NextString(lexer) is { } source)
        {
            if (lexer.ReadObject(allowReferences: false) is double cid && source.Length is >= 1 and <= 4)
            {
                _cids[(Code(source), source.Length)] = (int)cid;
            }
        }
    }

    private void ReadCidRange(PdfLexer lexer)
    {
        while (NextString(lexer) is { } low && NextString(lexer) is { } high)
        {
            if (lexer.ReadObject(allowReferences: false) is double cid && low.Length == high.Length && low.Length is >= 1 and <= 4)
            {
                _cidRanges.Add((Code(low), Code(high), low.Length, (int)cid));
            }
        }
    }

    /// <summary>The next string operand, or null at the section's end keyword; damaged CMaps often miss that keyword,
    /// so any keyword (or the end of the data) ends the section.</summary>
    private static byte[]? NextString(PdfLexer lexer)
    {
        while (true)
        {
            switch (lexer.Next())
            {
                case PdfTokenKind.String:
                    return lexer.StringBytes;
                case PdfTokenKind.EndOfInput or PdfTokenKind.Keyword:
                    return null;
                default:
                    continue;
            }
        }
    }

    private static int Code(byte[] bytes)
    {
        int code = 0;
        foreach (var b in bytes)
        {
            code = (code << 8) | b;
        }

        return code;
    }

    /// <summary>A ToUnicode destination: UTF-16BE; a single byte is taken as a character code (a common producer bug).</summary>
    private static string Utf16(byte[] bytes) => bytes.Length switch
    {
        0 => string.Empty,
        1 => ((char)bytes[0]).ToString(),
        _ => Encoding.BigEndianUnicode.GetString(bytes, 0, bytes.Length & ~1),
    };
}
