namespace LocalKernel.Rag;

/// <summary>Fonts, graphics state parameter dictionaries, form XObjects and inline images.</summary>
internal sealed partial class PdfContentInterpreter
{
    private PdfFont? FontFor(PdfDictionary? resources, string? name)
    {
        if (name is null || _file.ResolveDictionary(_file.ResolveDictionary(resources?.Get("Font"))?.Get(name)) is not { } dictionary)
        {
            return null;
        }

        return CachedFont(dictionary);
    }

    private PdfFont CachedFont(PdfDictionary dictionary)
    {
        if (!_fonts.TryGetValue(dictionary, out var font))
        {
            font = PdfFont.Load(_file, dictionary);
            _fonts[dictionary] = font;
        }

        return font;
    }

    private PdfFont FallbackFont() => CachedFont(FallbackFontDictionary);

    // A missing or unknown font still shows its bytes: read them as WinAnsi text with average widths.
    private static readonly PdfDictionary FallbackFontDictionary = new() { ["Subtype"] = new PdfName("TrueType") };

    private void ApplyExtGState(PdfDictionary? resources, string? name)
    {
        if (name is null || _file.ResolveDictionary(_file.ResolveDictionary(resources?.Get("ExtGState"))?.Get(name)) is not { } gs)
        {
            return;
        }

        if (_file.ResolveArray(gs.Get("Font")) is { Count: 2 } font && _file.ResolveDictionary(font[0]) is { } fontDictionary)
        {
            _state.Font = CachedFont(fontDictionary);
            _state.FontSize = _file.ResolveNumber(font[1]) ?? _state.FontSize;
        }
    }

    private void DrawXObject(PdfDictionary? resources, string? name, int depth)
    {
        if (name is null || _file.ResolveStream(_file.ResolveDictionary(resources?.Get("XObject"))?.Get(name)) is not { } form
            || _file.ResolveName(form.Dictionary.Get("Subtype")) != "Form")
        {
            return; // images and missing objects draw no text
        }

        if (depth + 1 > _maxDepth)
        {
            throw new DocumentExtractionException(ExtractionFailure.TooLarge,
                $"Form XObjects are nested more than {_maxDepth} deep (ExtractionOptions.MaxNestingDepth).");
        }

        if (!_activeForms.Add(form))
        {
            return; // a form that draws itself (directly or through others): viewers stop the cycle, so do we
        }

        byte[] content;
        try
        {
            content = _file.Decode(form);
        }
        catch (Exception ex) when (ex is PdfFormatException or PdfUnsupportedFilterException)
        {
            _activeForms.Remove(form);
            return;
        }

        var saved = (_state.Clone(), _textMatrix, _lineMatrix);
        try
        {
            if (PdfMatrix.FromArray(_file, _file.ResolveArray(form.Dictionary.Get("Matrix"))) is { } matrix)
            {
                _state.Ctm = matrix.Multiply(_state.Ctm);
            }

            var formResources = _file.ResolveDictionary(form.Dictionary.Get("Resources")) ?? resources;
            _operands.Clear(); // the form starts with no operands of ours ("/Fm1" of the Do that drew it)
            Execute(content, formResources, depth + 1);
        }
        finally
        {
            (_state, _textMatrix, _lineMatrix) = saved;
            _activeForms.Remove(form);
        }
    }

    private static void SkipInlineImage(PdfLexer lexer)
    {
        // BI <key value pairs> ID <binary data> EI: skip to an "EI" that stands alone between whitespace.
        while (lexer.Next() != PdfTokenKind.EndOfInput)
        {
            if (lexer.Kind == PdfTokenKind.Keyword && lexer.Text == "ID")
            {
                break;
            }

            lexer.ReadCurrent(allowReferences: false);
        }

        var buffer = lexer.Buffer;
        int position = lexer.Position + 1;
        while (position + 1 < lexer.End)
        {
            if (buffer[position] == 'E' && buffer[position + 1] == 'I' && PdfLexer.IsWhitespace(buffer[position - 1])
                && (position + 2 >= lexer.End || PdfLexer.IsWhitespace(buffer[position + 2])))
            {
                lexer.Position = position + 2;
                return;
            }

            position++;
        }

        lexer.Position = lexer.End;
    }
}
