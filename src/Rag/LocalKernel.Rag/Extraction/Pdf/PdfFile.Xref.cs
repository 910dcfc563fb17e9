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
}
