namespace LocalKernel.Rag;

/// <summary>Repair: rebuilding the object map by scanning when the cross-reference data is missing (a truncated file)
/// or wrong, finding single objects the cross-reference data misplaces, and finding the pages of a file whose page
/// tree did not survive. What viewers do: 7.5.5 is not to be trusted in damaged files.</summary>
internal sealed partial class PdfFile
{
    private Dictionary<int, long>? _scannedOffsets;

    /// <summary>Rebuilds the object map by scanning for "n g obj" and finds the trailer.</summary>
    private void Rebuild()
    {
        Rebuilt = true;
        _xref.Clear();
        _cache.Clear();
        _expandedObjectStreams.Clear();
        foreach (var (number, offset) in ScannedOffsets())
        {
            _xref[number] = new XrefEntry(XrefType.InFile, offset, 0, 0);
        }

        Trailer = FindTrailer() ?? new PdfDictionary();
        RegisterObjectStreamContents();
    }

    /// <summary>The pages a scan of the objects finds (dictionaries of /Type /Page), in object-number order, which is the
    /// order producers write them in: the last resort when the page tree is lost.</summary>
    public List<PdfDictionary> ScanPages()
    {
        var pages = new List<PdfDictionary>();
        foreach (var number in _xref.Keys.Order().ToList())
        {
            if (Resolve(new PdfRef(number, 0)) is PdfDictionary dictionary && (dictionary.Get("Type") as PdfName)?.Value == "Page")
            {
                pages.Add(dictionary);
            }
        }

        return pages;
    }

    /// <summary>Where a scan finds object <paramref name="number"/> when the cross-reference data points elsewhere.</summary>
    private bool TryScannedOffset(int number, long wrongOffset, out long offset) =>
        ScannedOffsets().TryGetValue(number, out offset) && offset != wrongOffset;

    private Dictionary<int, long> ScannedOffsets() => _scannedOffsets ??= ScanObjectHeaders();

    private Dictionary<int, long> ScanObjectHeaders()
    {
        var offsets = new Dictionary<int, long>();
        var span = _data.AsSpan();
        int from = 0;
        while (from < span.Length)
        {
            int hit = span[from..].IndexOf("obj"u8);
            if (hit < 0)
            {
                break;
            }

            int p = from + hit;
            from = p + 3;
            if (p + 3 < span.Length && !PdfLexer.IsWhitespace(span[p + 3]) && !PdfLexer.IsDelimiter(span[p + 3]))
            {
                continue;
            }

            if (TryReadObjectHeaderBackwards(p, out int number, out int start))
            {
                offsets[number] = start; // later definitions (incremental updates) replace earlier ones
            }
        }

        return offsets;
    }

    private bool TryReadObjectHeaderBackwards(int objKeyword, out int number, out int start)
    {
        number = 0;
        start = 0;
        int p = objKeyword - 1;
        if (p < 0 || !PdfLexer.IsWhitespace(_data[p]))
        {
            return false;
        }

        while (p >= 0 && PdfLexer.IsWhitespace(_data[p]))
        {
            p--;
        }

        int genEnd = p;
        while (p >= 0 && _data[p] is >= (byte)'0' and <= (byte)'9')
        {
            p--;
        }

        if (p == genEnd || p < 0 || !PdfLexer.IsWhitespace(_data[p]))
        {
            return false;
        }

        while (p >= 0 && PdfLexer.IsWhitespace(_data[p]))
        {
            p--;
        }

        int numberEnd = p;
        while (p >= 0 && _data[p] is >= (byte)'0' and <= (byte)'9')
        {
            p--;
        }

        if (p == numberEnd || numberEnd - p > 10 || (p >= 0 && !PdfLexer.IsWhitespace(_data[p]) && !PdfLexer.IsDelimiter(_data[p])))
        {
            return false;
        }

        long value = 0;
        for (int k = p + 1; k <= numberEnd; k++)
        {
            value = (value * 10) + (_data[k] - '0');
        }

        if (value > int.MaxValue)
        {
            return false;
        }

        number = (int)value;
        start = p + 1;
        return true;
    }

    private PdfDictionary? FindTrailer()
    {
        PdfDictionary? found = null;
        var span = _data.AsSpan();
        int from = 0;
        while (from < span.Length)
        {
            int hit = span[from..].IndexOf("trailer"u8);
            if (hit < 0)
            {
                break;
            }

            var lexer = new PdfLexer(_data, from + hit + "trailer".Length);
            if (lexer.ReadObject(allowReferences: true) is PdfDictionary dictionary && dictionary.ContainsKey("Root"))
            {
                found = dictionary;
            }

            from += hit + 7;
        }

        if (found is not null)
        {
            return found;
        }

        // No classic trailer: a cross-reference stream's dictionary serves, else the catalog itself.
        PdfRef? catalog = null;
        foreach (var number in _xref.Keys.Order())
        {
            var value = Resolve(new PdfRef(number, 0));
            var dictionary = value as PdfDictionary ?? (value as PdfStream)?.Dictionary;
            if (dictionary is null)
            {
                continue;
            }

            string? type = (dictionary.Get("Type") as PdfName)?.Value;
            if (type == "XRef" && dictionary.ContainsKey("Root"))
            {
                found = dictionary;
            }
            else if (type == "Catalog")
            {
                catalog = new PdfRef(number, 0);
            }
        }

        return found ?? (catalog is { } root ? new PdfDictionary { ["Root"] = root } : null);
    }

    private void RegisterObjectStreamContents()
    {
        foreach (var number in _xref.Keys.Order().ToList())
        {
            if (Resolve(new PdfRef(number, 0)) is not PdfStream stream || (stream.Dictionary.Get("Type") as PdfName)?.Value != "ObjStm")
            {
                continue;
            }

            try
            {
                foreach (var (contained, value) in ParseObjectStream(stream))
                {
                    if (!_xref.ContainsKey(contained))
                    {
                        _xref[contained] = new XrefEntry(XrefType.InObjectStream, 0, number, 0);
                        _cache[contained] = value;
                    }
                }
            }
            catch (PdfFormatException)
            {
                // A damaged object stream: its objects stay missing.
            }
        }
    }
}
