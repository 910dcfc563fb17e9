namespace LocalKernel.Rag;

/// <summary>
/// The built-in encoding of an embedded CFF font program (/FontFile3 /Subtype /Type1C), which applies when the font
/// dictionary names none — as <see cref="PdfType1Encoding"/> does for /FontFile. XeTeX and dvipdfmx embed TeX's math
/// fonts this way without a ToUnicode map; without this, CMMI's comma (code 59) read as ';' and its letters by
/// their ASCII codes. Only what maps codes to glyph names is read (Adobe TN #5176: header, name, Top DICT and string
/// INDEXes, the charset and the encoding); charstrings are never interpreted. No .NET library reads a bare CFF
/// program's encoding (font libraries read OpenType; PdfPig is kept out of the runtime, see README), so it is written
/// here, every offset checked against the program's length: a damaged program yields null, never an exception.
/// </summary>
internal static class PdfCffEncoding
{
    private const int CharsetOperator = 15, EncodingOperator = 16, CharStringsOperator = 17;
    private const int RegistryOrderingSupplement = (12 << 8) | 30;

    /// <summary>Code → text for the program's own encoding, or null when there is no readable CFF program.</summary>
    public static string?[]? Read(PdfFile file, PdfDictionary? descriptor)
    {
        if (file.ResolveStream(descriptor?.Get("FontFile3")) is not { } program || file.ResolveName(program.Dictionary.Get("Subtype")) != "Type1C")
        {
            return null;
        }

        try
        {
            return Read(file.Decode(program));
        }
        catch (Exception ex) when (ex is PdfFormatException or PdfUnsupportedFilterException)
        {
            return null;
        }
    }

    /// <summary>The encoding of the first font in a CFF program, or null when the program is damaged, CID-keyed or
    /// uses a predefined expert charset.</summary>
    public static string?[]? Read(byte[] data)
    {
        var cff = new Reader(data);
        if (data.Length < 4 || cff.Index(data[2]) is not { } names || cff.Index(names.End) is not { Count: > 0 } topDicts
            || cff.Index(topDicts.End) is not { } strings)
        {
            return null;
        }

        var top = cff.Dict(topDicts.Start(0), topDicts.Start(1));
        if (top is null || top.ContainsKey(RegistryOrderingSupplement) || !top.TryGetValue(CharStringsOperator, out int charStrings)
            || cff.Index(charStrings) is not { Count: > 0 } glyphs)
        {
            return null;
        }

        int encoding = top.GetValueOrDefault(EncodingOperator);
        if (encoding == 0)
        {
            return PdfEncodings.Standard;
        }

        if (encoding == 1 || Charset(cff, top.GetValueOrDefault(CharsetOperator), glyphs.Count) is not { } sids)
        {
            return null;
        }

        string? Text(int sid)
        {
            int stored = sid - PdfCffStrings.Count; // ids past the standard strings index the font's own
            string? name = stored < 0 ? PdfCffStrings.Standard[sid]
                : stored < strings.Count ? cff.Latin1(strings.Start(stored), strings.Start(stored + 1)) : null;
            return name is null or ".notdef" ? null : PdfGlyphList.ToUnicode(name) ?? string.Empty;
        }

        var table = new string?[256];
        if (!CodesByGlyph(cff, encoding, glyphs.Count, (code, gid) => table[code] = gid < sids.Length ? Text(sids[gid]) : null,
            (code, sid) => table[code] = Text(sid)))
        {
            return null;
        }

        return table.Any(t => t is not null) ? table : null;
    }

    /// <summary>Glyph id → string id. Offset 0 is the ISOAdobe charset (glyph i is string i).</summary>
    private static int[]? Charset(Reader cff, int offset, int glyphCount)
    {
        var sids = new int[glyphCount];
        if (offset == 0)
        {
            for (int gid = 0; gid < glyphCount; gid++)
            {
                sids[gid] = gid <= 228 ? gid : 0;
            }

            return sids;
        }

        if (offset < 3 || cff.Byte(offset) is not int format)
        {
            return null;
        }

        int at = offset + 1;
        for (int gid = 1; gid < glyphCount;)
        {
            if (format == 0)
            {
                sids[gid++] = cff.Card16(at) ?? -1;
                at += 2;
                continue;
            }

            int? first = cff.Card16(at), left = format == 1 ? cff.Byte(at + 2) : format == 2 ? cff.Card16(at + 2) : null;
            if (first is null || left is null)
            {
                return null;
            }

            at += format == 1 ? 3 : 4;
            for (int i = 0; i <= left && gid < glyphCount; i++)
            {
                sids[gid++] = first.Value + i;
            }
        }

        return sids.Any(s => s < 0) ? null : sids;
    }

    /// <summary>Calls <paramref name="map"/> (code, glyph id) for each encoded glyph, then <paramref name="supplement"/>
    /// (code, string id) for the format's supplementary codes. False when the encoding data is cut short.</summary>
    private static bool CodesByGlyph(Reader cff, int offset, int glyphCount, Action<int, int> map, Action<int, int> supplement)
    {
        if (cff.Byte(offset) is not int formatByte)
        {
            return false;
        }

        int format = formatByte & 0x7F, at = offset + 1;
        if (format == 0)
        {
            if (cff.Byte(at) is not int count)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (cff.Byte(at + 1 + i) is not int code)
                {
                    return false;
                }

                map(code, i + 1);
            }

            at += 1 + count;
        }
        else if (format == 1)
        {
            if (cff.Byte(at) is not int ranges)
            {
                return false;
            }

            int gid = 1;
            for (int r = 0; r < ranges; r++)
            {
                if (cff.Byte(at + 1 + 2 * r) is not int first || cff.Byte(at + 2 + 2 * r) is not int left)
                {
                    return false;
                }

                for (int code = first; code <= first + left && code < 256 && gid < glyphCount; code++)
                {
                    map(code, gid++);
                }
            }

            at += 1 + 2 * ranges;
        }
        else
        {
            return false;
        }

        if ((formatByte & 0x80) != 0 && cff.Byte(at) is int supplements)
        {
            for (int i = 0; i < supplements; i++)
            {
                if (cff.Byte(at + 1 + 3 * i) is int code && cff.Card16(at + 2 + 3 * i) is int sid)
                {
                    supplement(code, sid);
                }
            }
        }

        return true;
    }

    /// <summary>An INDEX: <see cref="Count"/> items, item i from <see cref="Start"/>(i) to Start(i + 1); it ends at
    /// <see cref="End"/>.</summary>
    private sealed record CffIndex(int Count, int[] Offsets)
    {
        public int Start(int i) => Offsets[i];

        public int End => Offsets[^1];
    }

    private sealed class Reader(byte[] data)
    {
        public int? Byte(int at) => at >= 0 && at < data.Length ? data[at] : null;

        public int? Card16(int at) => at >= 0 && at + 1 < data.Length ? (data[at] << 8) | data[at + 1] : null;

        public string Latin1(int start, int end) => System.Text.Encoding.Latin1.GetString(data, start, end - start);

        public CffIndex? Index(int at)
        {
            if (Card16(at) is not int count)
            {
                return null;
            }

            if (count == 0)
            {
                return new CffIndex(0, [at + 2]);
            }

            if (Byte(at + 2) is not (>= 1 and <= 4) || Byte(at + 2) is not int size)
            {
                return null;
            }

            int table = at + 3, dataStart = table + (count + 1) * size - 1;
            if ((long)table + (long)(count + 1) * size > data.Length)
            {
                return null;
            }

            var offsets = new int[count + 1];
            for (int i = 0; i <= count; i++)
            {
                long offset = 0;
                for (int b = 0; b < size; b++)
                {
                    offset = (offset << 8) | data[table + i * size + b];
                }

                offset += dataStart;
                if (offset < dataStart + 1 || offset > data.Length || (i > 0 && offset < offsets[i - 1]))
                {
                    return null;
                }

                offsets[i] = (int)offset;
            }

            return new CffIndex(count, offsets);
        }

        /// <summary>A DICT's integer operands by operator (the last operand before each; two-byte operators as 12 &lt;&lt;
        /// 8 | b). Real operands are skipped: the offsets read here are integers.</summary>
        public Dictionary<int, int>? Dict(int start, int end)
        {
            var dict = new Dictionary<int, int>();
            int operand = 0;
            for (int at = start; at < end;)
            {
                int b0 = data[at];
                switch (b0)
                {
                    case <= 21:
                        int op = b0 == 12 && at + 1 < end ? (12 << 8) | data[at + 1] : b0;
                        dict[op] = operand;
                        at += b0 == 12 ? 2 : 1;
                        break;
                    case 28 when at + 2 < end:
                        operand = (short)((data[at + 1] << 8) | data[at + 2]);
                        at += 3;
                        break;
                    case 29 when at + 4 < end:
                        operand = (data[at + 1] << 24) | (data[at + 2] << 16) | (data[at + 3] << 8) | data[at + 4];
                        at += 5;
                        break;
                    case 30:
                        at++;
                        while (at < end && (data[at] & 0x0F) != 0x0F && (data[at] & 0xF0) != 0xF0)
                        {
                            at++;
                        }

                        at++;
                        operand = 0;
                        break;
                    case >= 32 and <= 246:
                        operand = b0 - 139;
                        at++;
                        break;
                    case >= 247 and <= 250 when at + 1 < end:
                        operand = ((b0 - 247) << 8) + data[at + 1] + 108;
                        at += 2;
                        break;
                    case >= 251 and <= 254 when at + 1 < end:
                        operand = -((b0 - 251) << 8) - data[at + 1] - 108;
                        at += 2;
                        break;
                    default:
                        return null;
                }
            }

            return dict;
        }
    }
}
