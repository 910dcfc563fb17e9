namespace LocalKernel.Rag;

/// <summary>
/// The object structure of a PDF file held in memory (7.5): the cross-reference chain (tables, streams, hybrid files
/// and incremental updates), indirect objects loaded on demand (also from object streams), and a rebuild by scanning
/// for "n g obj" when the cross-reference data is damaged. All stream decoding is bounded by the decompression limit.
/// </summary>
internal sealed partial class PdfFile
{
    private const int MaxResolveChain = 32;
    private const int MaxXrefSections = 256;

    private readonly byte[] _data;
    private readonly long _maxDecompressedBytes;
    private readonly Dictionary<int, XrefEntry> _xref = [];
    private readonly Dictionary<int, object?> _cache = [];
    private readonly HashSet<int> _loading = [];
    private readonly HashSet<int> _expandedObjectStreams = [];
    private PdfDecryptor? _decryptor;
    private int _encryptObjectNumber = -1;

    private PdfFile(byte[] data, long maxDecompressedBytes)
    {
        _data = data;
        _maxDecompressedBytes = maxDecompressedBytes;
        Trailer = new PdfDictionary();
    }

    private enum XrefType : byte
    {
        Free,
        InFile,
        InObjectStream,
    }

    private readonly record struct XrefEntry(XrefType Type, long Offset, int StreamNumber, int Index);

    /// <summary>The trailer dictionary (merged from the newest section that has one).</summary>
    public PdfDictionary Trailer { get; private set; }

    /// <summary>Whether the cross-reference data was damaged and the object map was rebuilt by scanning.</summary>
    public bool Rebuilt { get; private set; }

    /// <summary>Whether the file ends before its cross-reference section and %%EOF marker (a download cut short).</summary>
    public bool Truncated { get; private set; }

    public long MaxDecompressedBytes => _maxDecompressedBytes;

    /// <summary>Opens the structure of <paramref name="data"/>.</summary>
    /// <exception cref="PdfFormatException">Not a PDF, truncated, or without a document catalog.</exception>
    public static PdfFile Open(byte[] data, long maxDecompressedBytes)
    {
        var file = new PdfFile(data, maxDecompressedBytes);
        int tailStart = Math.Max(0, data.Length - 65536);
        int startxref = data.AsSpan(tailStart).LastIndexOf("startxref"u8);
        bool hasEof = data.AsSpan(tailStart).LastIndexOf("%%EOF"u8) >= 0;
        // Without its end (the cross-reference section and %%EOF) the file was cut short: the objects before the cut are
        // found by scanning, below.
        file.Truncated = startxref < 0 && !hasEof;

        bool read = false;
        if (startxref >= 0)
        {
            try
            {
                var lexer = new PdfLexer(data, tailStart + startxref + "startxref".Length);
                if (lexer.Next() == PdfTokenKind.Number && lexer.IsInteger)
                {
                    file.ReadXrefChain((long)lexer.Number);
                    read = file.Resolve(file.Trailer.Get("Root")) is PdfDictionary;
                }
            }
            catch (PdfFormatException)
            {
                read = false;
            }
        }

        if (!read)
        {
            file.Rebuild();
            if (file._xref.Count == 0)
            {
                throw new PdfFormatException(file.Truncated
                    ? "The PDF is truncated: its end (the cross-reference section and the %%EOF marker) is missing, and no object survived."
                    : "The PDF has no readable objects.");
            }
        }

        file.SetUpDecryption();
        return file;
    }

    /// <summary>Follows references until a direct object (null for missing or cyclic references).</summary>
    public object? Resolve(object? value)
    {
        for (int i = 0; value is PdfRef reference && i < MaxResolveChain; i++)
        {
            value = Get(reference.Number);
        }

        return value is PdfRef ? null : value;
    }

    public PdfDictionary? ResolveDictionary(object? value) => Resolve(value) switch
    {
        PdfDictionary dictionary => dictionary,
        PdfStream stream => stream.Dictionary,
        _ => null,
    };

    public PdfArray? ResolveArray(object? value) => Resolve(value) as PdfArray;

    public PdfStream? ResolveStream(object? value) => Resolve(value) as PdfStream;

    public double? ResolveNumber(object? value) => Resolve(value) as double?;

    public string? ResolveName(object? value) => (Resolve(value) as PdfName)?.Value;

    /// <summary>The decoded bytes of <paramref name="stream"/>.</summary>
    /// <exception cref="DocumentExtractionException">It inflates beyond the limit (TooLarge).</exception>
    /// <exception cref="PdfUnsupportedFilterException">It is image data.</exception>
    public byte[] Decode(PdfStream stream)
    {
        var dictionary = stream.Dictionary;

        // Check before inflating: a declared decoded length (DL, PDF 1.5) over the limit fails at once.
        if (ResolveNumber(dictionary.Get("DL")) is double declared && declared > _maxDecompressedBytes)
        {
            throw BoundedOutput.TooLarge(_maxDecompressedBytes);
        }

        var filters = new List<string>();
        var parameters = new List<PdfDictionary?>();
        switch (Resolve(dictionary.Get("Filter")))
        {
            case PdfName name:
                filters.Add(name.Value);
                parameters.Add(ResolveDictionary(dictionary.Get("DecodeParms")));
                break;
            case PdfArray array:
                var parms = ResolveArray(dictionary.Get("DecodeParms"));
                for (int i = 0; i < array.Count; i++)
                {
                    if (ResolveName(array[i]) is { } filter)
                    {
                        filters.Add(filter);
                        parameters.Add(parms is not null && i < parms.Count ? ResolveDictionary(parms[i]) : null);
                    }
                }

                break;
        }

        var raw = stream.Raw;
        if (_decryptor is not null && stream.Reference is { } reference && NeedsDecryption(stream, filters))
        {
            raw = _decryptor.DecryptStream(raw.Span, reference);
        }

        return PdfFilters.Decode(raw, filters, parameters, _maxDecompressedBytes);
    }

    private object? Get(int number)
    {
        if (_cache.TryGetValue(number, out var cached))
        {
            return cached;
        }

        if (!_xref.TryGetValue(number, out var entry) || entry.Type == XrefType.Free || !_loading.Add(number))
        {
            return null; // missing, deleted, or a reference cycle (e.g. a /Length that points back here)
        }

        try
        {
            object? value = entry.Type == XrefType.InFile
                ? ParseInFile(entry.Offset, number)
                : LoadFromObjectStream(entry.StreamNumber, number);
            _cache[number] = value;
            return value;
        }
        catch (PdfFormatException)
        {
            _cache[number] = null;
            return null;
        }
        finally
        {
            _loading.Remove(number);
        }
    }

    private object? ParseInFile(long offset, int number)
    {
        try
        {
            return ParseIndirectObject(offset, number);
        }
        catch (PdfFormatException) when (!Rebuilt && TryScannedOffset(number, offset, out long scanned))
        {
            // The cross-reference data is wrong about this object (an edited or damaged file): use where it really is.
            return ParseIndirectObject(scanned, number);
        }
    }

    private object? ParseIndirectObject(long offset, int expectedNumber)
    {
        if (offset < 0 || offset >= _data.Length)
        {
            throw new PdfFormatException($"Object {expectedNumber} points outside the file.");
        }

        var lexer = new PdfLexer(_data, (int)offset);
        if (lexer.Next() != PdfTokenKind.Number || (int)lexer.Number != expectedNumber || lexer.Next() != PdfTokenKind.Number)
        {
            throw new PdfFormatException($"Object {expectedNumber} is not where the cross-reference table says.");
        }

        var reference = new PdfRef(expectedNumber, (int)Math.Clamp(lexer.Number, 0, 65535));
        if (lexer.Next() != PdfTokenKind.Keyword || lexer.Text != "obj")
        {
            throw new PdfFormatException($"Object {expectedNumber} is not where the cross-reference table says.");
        }

        var value = lexer.ReadObject(allowReferences: true);
        if (_decryptor is not null && expectedNumber != _encryptObjectNumber)
        {
            value = DecryptStrings(value, reference, 0);
        }

        int afterValue = lexer.Position;
        if (value is PdfDictionary dictionary && lexer.Next() == PdfTokenKind.Keyword && lexer.Text == "stream")
        {
            return ReadStreamData(dictionary, lexer.Position, reference);
        }

        lexer.Position = afterValue;
        return value is PdfKeyword ? null : value;
    }

    private PdfStream ReadStreamData(PdfDictionary dictionary, int afterKeyword, PdfRef reference)
    {
        // The data starts after the end of line that follows "stream" (CRLF or LF; a lone CR is tolerated).
        int start = afterKeyword;
        if (start < _data.Length && _data[start] == '\r')
        {
            start++;
        }

        if (start < _data.Length && _data[start] == '\n')
        {
            start++;
        }

        int available = _data.Length - start;
        int length = -1;
        if (Resolve(dictionary.Get("Length")) is double declared && declared >= 0 && declared <= available && EndstreamFollows(start + (int)declared))
        {
            length = (int)declared;
        }

        if (length < 0)
        {
            // A wrong or indirect-and-missing /Length: find "endstream" instead.
            int end = _data.AsSpan(start).IndexOf("endstream"u8);
            // No "endstream" at all: the file was cut inside this stream; what is there may still decode in part.
            length = end < 0 ? available : end;
            while (length > 0 && _data[start + length - 1] is (byte)'\n' or (byte)'\r')
            {
                length--;
            }
        }

        return new PdfStream(dictionary, new ReadOnlyMemory<byte>(_data, start, length), reference);
    }

    private bool EndstreamFollows(int position)
    {
        while (position < _data.Length && PdfLexer.IsWhitespace(_data[position]))
        {
            position++;
        }

        return _data.AsSpan(position).StartsWith("endstream"u8);
    }

    private object? LoadFromObjectStream(int streamNumber, int objectNumber)
    {
        if (!_expandedObjectStreams.Add(streamNumber))
        {
            return null; // already expanded: the object was not in it
        }

        if (!_xref.TryGetValue(streamNumber, out var entry) || entry.Type != XrefType.InFile)
        {
            return null;
        }

        if (ParseIndirectObject(entry.Offset, streamNumber) is not PdfStream stream)
        {
            return null;
        }

        object? wanted = null;
        foreach (var (number, value) in ParseObjectStream(stream))
        {
            // Only objects the cross-reference data places in this stream; newer versions elsewhere win.
            if (number == objectNumber)
            {
                wanted = value;
            }
            else if (_xref.TryGetValue(number, out var e) && e.Type == XrefType.InObjectStream && e.StreamNumber == streamNumber)
            {
                _cache.TryAdd(number, value);
            }
        }

        return wanted;
    }

    private IEnumerable<(int Number, object? Value)> ParseObjectStream(PdfStream stream)
    {
        var data = Decode(stream);
        int count = (int)Math.Clamp(ResolveNumber(stream.Dictionary.Get("N")) ?? 0, 0, data.Length / 2.0);
        int first = (int)Math.Clamp(ResolveNumber(stream.Dictionary.Get("First")) ?? 0, 0, data.Length);
        var header = new PdfLexer(data, 0, first);
        var offsets = new List<(int Number, int Offset)>(count);
        for (int i = 0; i < count; i++)
        {
            if (header.Next() != PdfTokenKind.Number)
            {
                break;
            }

            int number = (int)header.Number;
            if (header.Next() != PdfTokenKind.Number)
            {
                break;
            }

            offsets.Add((number, (int)header.Number));
        }

        foreach (var (number, offset) in offsets)
        {
            if (offset < 0 || offset >= data.Length - first)
            {
                continue; // a damaged offset (negative, or past the data): the lexer would index outside it
            }

            var lexer = new PdfLexer(data, first + offset, data.Length - first - offset);
            yield return (number, lexer.ReadObject(allowReferences: true));
        }
    }
}
