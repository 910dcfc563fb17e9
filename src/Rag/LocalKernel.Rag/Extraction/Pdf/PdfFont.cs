namespace LocalKernel.Rag;

/// <summary>
/// What text extraction needs from a font (9.5–9.10): how to split a shown string into character codes, the Unicode
/// text of each code, and each glyph's advance width. Simple fonts (Type1, TrueType, Type3) use one-byte codes with an
/// encoding (a base encoding plus /Differences); composite fonts (Type0) use a CMap (Identity-H: two-byte CIDs); a
/// ToUnicode CMap, when present, overrides both.
/// </summary>
internal sealed partial class PdfFont
{
    private const double DefaultWidth = 0.5;

    private readonly PdfCMap? _toUnicode;
    private readonly PdfCMap? _encodingCMap;
    private readonly bool _identityEncoding;
    private readonly bool _ucs2Encoding;
    private readonly string?[] _simpleTable = new string?[256];
    private readonly bool _codeIsText;
    private readonly double[] _simpleWidths = new double[256];
    private readonly Dictionary<int, double> _cidWidths = [];
    private readonly List<(int First, int Last, double Width)> _cidWidthRanges = [];
    private double _defaultWidth = DefaultWidth;

    private PdfFont(bool composite, string baseFont, bool vertical, PdfCMap? toUnicode)
    {
        IsComposite = composite;
        BaseFont = baseFont;
        IsVertical = vertical;
        _toUnicode = toUnicode;
    }

    private PdfFont(PdfFile file, PdfDictionary font, string baseFont, PdfCMap? toUnicode)
        : this(false, baseFont, false, toUnicode)
    {
        string subtype = file.ResolveName(font.Get("Subtype")) ?? "Type1";
        var descriptor = file.ResolveDictionary(font.Get("FontDescriptor"));
        int flags = (int)(file.ResolveNumber(descriptor?.Get("Flags")) ?? 0);
        IsBold = IsBoldFont(file, baseFont, descriptor);
        bool symbolic = (flags & 4) != 0 && (flags & 32) == 0;

        // Widths are in glyph units: 1/1000 of text space, or the Type3 font matrix.
        double scale = 0.001, verticalRatio = 1;
        if (subtype == "Type3" && file.ResolveArray(font.Get("FontMatrix")) is { Count: >= 4 } matrix && file.ResolveNumber(matrix[0]) is double a && a != 0)
        {
            scale = Math.Abs(a);
            verticalRatio = Math.Abs((file.ResolveNumber(matrix[3]) ?? a) / a);
        }

        double missing = (file.ResolveNumber(descriptor?.Get("MissingWidth")) ?? 0) * scale;
        double fallback = missing > 0 ? missing : baseFont.Contains("Courier", StringComparison.OrdinalIgnoreCase) ? 0.6 : DefaultWidth;
        Array.Fill(_simpleWidths, fallback);
        int firstChar = (int)(file.ResolveNumber(font.Get("FirstChar")) ?? 0);
        var widths = file.ResolveArray(font.Get("Widths"));
        if (widths is not null)
        {
            for (int i = 0; i < widths.Count; i++)
            {
                int code = firstChar + i;
                if (code is >= 0 and < 256 && file.ResolveNumber(widths[i]) is double w && w > 0)
                {
                    _simpleWidths[code] = w * scale;
                }
            }
        }

        // Base encoding: the named one, else an embedded Type 1 or CFF program's own, else StandardEncoding for Type 1 and
        // WinAnsi for TrueType (the usual reading of a non-symbolic font's built-in encoding); symbolic fonts without
        // one map codes to themselves.
        var encoding = file.Resolve(font.Get("Encoding"));
        var encodingDictionary = encoding as PdfDictionary;
        string? baseName = encoding is PdfName name ? name.Value : file.ResolveName(encodingDictionary?.Get("BaseEncoding"));
        var baseTable = PdfEncodings.ForName(baseName);
        if (baseTable is null && subtype is "Type1" or "MMType1")
        {
            baseTable = PdfType1Encoding.Read(file, descriptor) ?? PdfCffEncoding.Read(file, descriptor);
        }

        if (baseTable is null && !symbolic && subtype != "Type3")
        {
            baseTable = subtype == "TrueType" ? PdfEncodings.WinAnsi : PdfEncodings.Standard;
        }

        _codeIsText = baseTable is null;
        baseTable?.CopyTo(_simpleTable, 0);
        if (file.ResolveArray(encodingDictionary?.Get("Differences")) is { } differences)
        {
            int code = 0;
            foreach (var item in differences)
            {
                switch (file.Resolve(item))
                {
                    case double d:
                        code = (int)d;
                        break;
                    case PdfName glyph:
                        if (code is >= 0 and < 256)
                        {
                            _simpleTable[code] = PdfGlyphList.ToUnicode(glyph.Value)
                                ?? (subtype == "Type3" ? NumericGlyphName(glyph.Value) : null) ?? string.Empty;
                        }

                        code++;
                        break;
                }
            }
        }

        if (subtype == "Type3")
        {
            SizeScale = Type3SizeScale() * verticalRatio;
        }

        if (widths is not { Count: > 0 } && subtype != "Type3" && PdfStandardFontMetrics.For(baseFont) is { } standard)
        {
            UseStandardWidths(standard, encoding is not null);
        }
    }

    private void UseStandardWidths(PdfStandardFontMetrics.FontMetrics standard, bool hasEncoding)
    {
        // A standard font without /Widths: the AFM width of each code's glyph. Symbol and ZapfDingbats are read in
        // their built-in encoding unless the font names another.
        for (int code = 0; code < 256; code++)
        {
            double? width = standard.IsSymbolic && !hasEncoding ? standard.ByCode[code]
                : _simpleTable[code] is { Length: > 0 } text && standard.ByText.TryGetValue(text, out double w) ? w : null;
            if (width is double known)
            {
                _simpleWidths[code] = known;
            }
        }
    }

    /// <summary>How much larger the glyphs are than the font size says: 1, except for Type 3 fonts, whose glyph space
    /// is the producer's own (a bitmap font's pixels). Without it the layout would take their text for tiny type.</summary>
    public double SizeScale { get; private set; } = 1;

    public bool IsComposite { get; }

    public bool IsVertical { get; }

    public string BaseFont { get; }

    /// <summary>Whether the font is bold (by name, weight or the ForceBold flag): a hint for headings.</summary>
    public bool IsBold { get; private set; }

    /// <summary>Loads the font described by <paramref name="font"/>; damaged parts fall back to defaults.</summary>
    public static PdfFont Load(PdfFile file, PdfDictionary font)
    {
        string baseFont = file.ResolveName(font.Get("BaseFont")) ?? string.Empty;
        var toUnicode = LoadCMap(file, font.Get("ToUnicode"));
        if (file.ResolveName(font.Get("Subtype")) != "Type0")
        {
            return new PdfFont(file, font, baseFont, toUnicode);
        }

        var encoding = file.Resolve(font.Get("Encoding"));
        string? encodingName = (encoding as PdfName)?.Value;
        var encodingCMap = encoding is PdfStream ? LoadCMap(file, encoding) : null;
        bool vertical = encodingName?.EndsWith("-V", StringComparison.Ordinal) == true;
        var result = new PdfFont(true, baseFont, vertical, toUnicode, encodingName, encodingCMap);
        if (file.ResolveArray(font.Get("DescendantFonts")) is { Count: > 0 } descendants && file.ResolveDictionary(descendants[0]) is { } cidFont)
        {
            result.ReadCidWidths(file, cidFont);
            result.IsBold = IsBoldFont(file, baseFont, file.ResolveDictionary(cidFont.Get("FontDescriptor")));
        }
        else
        {
            result.IsBold = IsBoldFont(file, baseFont, null);
        }

        return result;
    }

    private PdfFont(bool composite, string baseFont, bool vertical, PdfCMap? toUnicode, string? encodingName, PdfCMap? encodingCMap)
        : this(composite, baseFont, vertical, toUnicode)
    {
        _encodingCMap = encodingCMap;
        _identityEncoding = encodingName is "Identity-H" or "Identity-V" || encodingCMap?.UsesCMap is "Identity-H" or "Identity-V";

        // Predefined Unicode CMaps (UniGB-UCS2-H, UniJIS-UTF16-H, ...) make the code itself the text.
        _ucs2Encoding = encodingName is not null && encodingName.StartsWith("Uni", StringComparison.Ordinal)
            && (encodingName.Contains("UCS2", StringComparison.Ordinal) || encodingName.Contains("UTF16", StringComparison.Ordinal));
        _defaultWidth = 1.0;
    }

    /// <summary>Reads one character code from <paramref name="bytes"/>; returns the number of bytes it took (≥ 1).</summary>
    public int NextCode(ReadOnlySpan<byte> bytes, out int code)
    {
        int length = 1;
        if (IsComposite)
        {
            length = _encodingCMap is { HasCodeSpaces: true } ? _encodingCMap.CodeLength(bytes) : 2;
            length = Math.Clamp(length, 1, Math.Min(4, bytes.Length));
        }

        code = 0;
        for (int i = 0; i < length; i++)
        {
            code = (code << 8) | bytes[i];
        }

        return length;
    }

    /// <summary>The text of a code: ToUnicode first, then the encoding; null when the font gives no way to know.</summary>
    public string? ToUnicode(int code, int length)
    {
        if (_toUnicode is not null)
        {
            var mapped = _toUnicode.Lookup(code, length);
            if (mapped is null && !IsComposite)
            {
                mapped = _toUnicode.Lookup(code, 2); // simple fonts whose ToUnicode is written with two-byte codes
            }

            if (mapped is not null)
            {
                return mapped;
            }
        }

        if (IsComposite)
        {
            return _ucs2Encoding ? ((char)code).ToString() : null;
        }

        var text = _simpleTable[code & 0xFF];
        if (text is not null)
        {
            return text.Length == 0 ? null : text;
        }

        return _codeIsText && code is >= 0x20 and < 0x7F ? ((char)code).ToString() : null;
    }

    /// <summary>The advance width of a code in text space units (1 = the font size).</summary>
    public double Width(int code, int length)
    {
        if (!IsComposite)
        {
            return _simpleWidths[code & 0xFF];
        }

        int cid = _encodingCMap?.LookupCid(code, length) ?? code;
        if (_cidWidths.TryGetValue(cid, out double width))
        {
            return width;
        }

        foreach (var (first, last, w) in _cidWidthRanges)
        {
            if (cid >= first && cid <= last)
            {
                return w;
            }
        }

        return _defaultWidth;
    }

    /// <summary>Whether word spacing (Tw) applies: only to the single-byte code 32 (9.3.3).</summary>
    public static bool IsWordSpace(int code, int length) => code == 32 && length == 1;

    private void ReadCidWidths(PdfFile file, PdfDictionary cidFont)
    {
        // Composite widths: /DW default, /W as "c [w1 w2 ...]" or "first last w" (9.7.4.3), in 1/1000 text space.
        if (file.ResolveNumber(cidFont.Get("DW")) is double dw)
        {
            _defaultWidth = dw / 1000;
        }

        if (file.ResolveArray(cidFont.Get("W")) is not { } w)
        {
            return;
        }

        int i = 0;
        while (i + 1 < w.Count)
        {
            if (file.ResolveNumber(w[i]) is not double first)
            {
                i++;
                continue;
            }

            var next = file.Resolve(w[i + 1]);
            if (next is PdfArray list)
            {
                for (int k = 0; k < list.Count && k < 65536; k++)
                {
                    if (file.ResolveNumber(list[k]) is double width)
                    {
                        _cidWidths[(int)first + k] = width / 1000;
                    }
                }

                i += 2;
            }
            else if (next is double last && i + 2 < w.Count && file.ResolveNumber(w[i + 2]) is double width)
            {
                _cidWidthRanges.Add(((int)first, (int)last, width / 1000));
                i += 3;
            }
            else
            {
                i += 2;
            }
        }
    }

    private static bool IsBoldFont(PdfFile file, string baseFont, PdfDictionary? descriptor)
    {
        const int ForceBold = 1 << 18;
        string name = baseFont.ToLowerInvariant();
        return name.Contains("bold", StringComparison.Ordinal) || name.Contains("black", StringComparison.Ordinal)
            || name.Contains("heavy", StringComparison.Ordinal) || name.Contains("demi", StringComparison.Ordinal)
            || (file.ResolveNumber(descriptor?.Get("FontWeight")) ?? 400) >= 600
            || (((int)(file.ResolveNumber(descriptor?.Get("Flags")) ?? 0)) & ForceBold) != 0;
    }

    private static PdfCMap? LoadCMap(PdfFile file, object? value)
    {
        if (file.ResolveStream(value) is not { } stream)
        {
            return null;
        }

        try
        {
            return PdfCMap.Parse(file.Decode(stream));
        }
        catch (Exception ex) when (ex is PdfFormatException or PdfUnsupportedFilterException)
        {
            return null; // a damaged CMap: the encoding still gives text for simple fonts
        }
    }
}
