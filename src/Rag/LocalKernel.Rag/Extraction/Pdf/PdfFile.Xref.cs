namespace LocalKernel.Rag;

/// <summary>Reading and rebuilding the cross-reference data.</summary>
internal sealed partial class PdfFile
{
    private void ReadXrefChain(long offset)
    {
        var visited = new HashSet<long>();
        PdfDictionary? newest = null;
        while (offset >= 0 && visited.Add(offset) && visited.Count <= MaxXrefSections)
        {
            var section = ReadXrefSection(offset);
            newest ??= section;

            // Hybrid files (7.5.8.4): a table section may point at a stream with the entries of compressed objects.
            if (ResolveNumberDirect(section.Get("XRefStm")) is double xrefStream && visited.Add((long)xrefStream))
            {
                ReadXrefSection((long)xrefStream);
            }

            offset = ResolveNumberDirect(section.Get("Prev")) is double previous ? (long)previous : -1;
        }

        Trailer = newest ?? throw new PdfFormatException("The PDF has no trailer.");
    }

    // Trailer values are direct in practice; resolving through the xref being read would recurse.
    private static double? ResolveNumberDirect(object? value) => value as double?;

    private PdfDictionary ReadXrefSection(long offset)
    {
        if (offset < 0 || offset >= _data.Length)
        {
            throw new PdfFormatException("The cross-reference offset points outside the file.");
        }

        var lexer = new PdfLexer(_data, (int)offset);
        lexer.Next();
        if (lexer.Kind == PdfTokenKind.Keyword && lexer.Text == "xref")
        {
            return ReadXrefTable(lexer);
        }

        if (lexer.Kind == PdfTokenKind.Number)
        {
            int number = (int)lexer.Number;
            if (lexer.Next() == PdfTokenKind.Number && lexer.Next() == PdfTokenKind.Keyword && lexer.Text == "obj"
                && lexer.ReadObject(allowReferences: true) is PdfDictionary dictionary
                && lexer.Next() == PdfTokenKind.Keyword && lexer.Text == "stream")
            {
                var stream = ReadStreamData(dictionary, lexer.Position, new PdfRef(number, 0));
                ReadXrefStream(stream);
                return dictionary;
            }
        }

        throw new PdfFormatException("No cross-reference section at the offset given by startxref.");
    }

    private PdfDictionary ReadXrefTable(PdfLexer lexer)
    {
        int maxEntries = _data.Length / 18; // each entry is 20 bytes; anything more is garbage
        while (true)
        {
            lexer.Next();
            if (lexer.Kind == PdfTokenKind.Keyword && lexer.Text == "trailer")
            {
                return lexer.ReadObject(allowReferences: true) as PdfDictionary
                    ?? throw new PdfFormatException("The trailer is not a dictionary.");
            }

            if (lexer.Kind != PdfTokenKind.Number)
            {
                throw new PdfFormatException("A cross-reference table is damaged.");
            }

            long first = (long)lexer.Number;
            if (lexer.Next() != PdfTokenKind.Number || lexer.Number > maxEntries || first < 0)
            {
                throw new PdfFormatException("A cross-reference subsection header is damaged.");
            }

            int count = (int)lexer.Number;
            for (int i = 0; i < count; i++)
            {
                if (lexer.Next() != PdfTokenKind.Number)
                {
                    throw new PdfFormatException("A cross-reference entry is damaged.");
                }

                long entryOffset = (long)lexer.Number;
                if (lexer.Next() != PdfTokenKind.Number)
                {
                    throw new PdfFormatException("A cross-reference entry is damaged.");
                }

                int generation = (int)lexer.Number;
                if (lexer.Next() != PdfTokenKind.Keyword || lexer.Text is not ("n" or "f"))
                {
                    throw new PdfFormatException("A cross-reference entry is damaged.");
                }

                long number = first + i;
                if (number <= int.MaxValue)
                {
                    // Sections are read newest first, so an entry already present wins.
                    _xref.TryAdd((int)number, lexer.Text == "n" && entryOffset > 0
                        ? new XrefEntry(XrefType.InFile, entryOffset, 0, generation)
                        : new XrefEntry(XrefType.Free, 0, 0, 0));
                }
            }
        }
    }

    private void ReadXrefStream(PdfStream stream)
    {
        var dictionary = stream.Dictionary;
        if (dictionary.Get("W") is not PdfArray widthArray || widthArray.Count < 3)
        {
            throw new PdfFormatException("A cross-reference stream has no /W.");
        }

        int[] widths = widthArray.Take(3).Select(w => w is double d ? (int)d : -1).ToArray();
        if (widths.Any(w => w is < 0 or > 8))
        {
            throw new PdfFormatException("A cross-reference stream has an invalid /W.");
        }

        var data = Decode(stream);
        int entrySize = widths.Sum();
        if (entrySize == 0)
        {
            return;
        }

        var index = dictionary.Get("Index") as PdfArray;
        var ranges = new List<(long First, long Count)>();
        if (index is not null)
        {
            for (int i = 0; i + 1 < index.Count; i += 2)
            {
                ranges.Add(((long)(index[i] as double? ?? 0), (long)(index[i + 1] as double? ?? 0)));
            }
        }
        else
        {
            ranges.Add((0, (long)(dictionary.Get("Size") as double? ?? 0)));
        }

        int position = 0;
        foreach (var (first, count) in ranges)
        {
            for (long k = 0; k < count && position + entrySize <= data.Length; k++, position += entrySize)
            {
                long type = widths[0] == 0 ? 1 : Field(data, position, widths[0]);
                long field2 = Field(data, position + widths[0], widths[1]);
                long field3 = Field(data, position + widths[0] + widths[1], widths[2]);
                long number = first + k;
                if (number < 0 || number > int.MaxValue)
                {
                    continue;
                }

                var entry = type switch
                {
                    1 => new XrefEntry(XrefType.InFile, field2, 0, (int)field3),
                    2 => new XrefEntry(XrefType.InObjectStream, 0, (int)Math.Min(field2, int.MaxValue), (int)Math.Min(field3, int.MaxValue)),
                    _ => new XrefEntry(XrefType.Free, 0, 0, 0),
                };
                _xref.TryAdd((int)number, entry);
            }
        }
    }

    private static long Field(byte[] data, int position, int width)
    {
        long value = 0;
        for (int i = 0; i < width; i++)
        {
            value = (value << 8) | data[position + i];
        }

        return value;
    }

    /// <summary>Rebuilds the object map by scanning for "n g obj" and finds the trailer (7.5.5 is not to be trusted
    /// in damaged files; this is what viewers do).</summary>
    private void Rebuild()
    {
        Rebuilt = true;
        _xref.Clear();
        _cache.Clear();
        _expandedObjectStreams.Clear();
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
                // Later definitions (incremental updates) replace earlier ones.
                _xref[number] = new XrefEntry(XrefType.InFile, start, 0, 0);
            }
        }

        Trailer = FindTrailer() ?? new PdfDictionary();
        RegisterObjectStreamContents();
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
