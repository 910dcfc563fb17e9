namespace LocalKernel.Rag;

/// <summary>
/// The built-in encoding of an embedded Type 1 font program (/FontFile), which applies when the font dictionary names
/// none: TeX and other tools often rely on it. Only the clear-text part of the program is read ("/Encoding
/// StandardEncoding def", or "dup code /glyph put" entries); the encrypted part holds no encoding.
/// </summary>
internal static class PdfType1Encoding
{
    /// <summary>Code → text for the font's own encoding, or null when there is no Type 1 program to read.</summary>
    public static string?[]? Read(PdfFile file, PdfDictionary? descriptor)
    {
        if (file.ResolveStream(descriptor?.Get("FontFile")) is not { } program)
        {
            return null;
        }

        byte[] data;
        try
        {
            data = file.Decode(program);
        }
        catch (Exception ex) when (ex is PdfFormatException or PdfUnsupportedFilterException)
        {
            return null;
        }

        int clearText = (int)Math.Clamp(file.ResolveNumber(program.Dictionary.Get("Length1")) ?? data.Length, 0, data.Length);
        int eexec = data.AsSpan(0, clearText).IndexOf("eexec"u8);
        int length = eexec >= 0 ? eexec : clearText;
        int start = data.AsSpan(0, length).IndexOf("/Encoding"u8);
        if (start < 0)
        {
            return null;
        }

        var lexer = new PdfLexer(data, start + "/Encoding".Length, length - start - "/Encoding".Length);
        if (lexer.Next() == PdfTokenKind.Keyword && lexer.Text == "StandardEncoding")
        {
            return PdfEncodings.Standard;
        }

        var table = new string?[256];
        bool any = false;
        double? code = null;
        string? glyph = null;
        do
        {
            switch (lexer.Kind)
            {
                case PdfTokenKind.Number:
                    code = lexer.Number;
                    glyph = null;
                    break;
                case PdfTokenKind.Name:
                    glyph = lexer.Text;
                    break;
                case PdfTokenKind.Keyword when lexer.Text == "put" && code is double c && glyph is not null && c is >= 0 and < 256:
                    table[(int)c] = glyph == ".notdef" ? null : PdfGlyphList.ToUnicode(glyph) ?? string.Empty;
                    any |= glyph != ".notdef";
                    code = null;
                    glyph = null;
                    break;
                case PdfTokenKind.Keyword when lexer.Text is "readonly" or "def" && any:
                    return table;
            }
        }
        while (lexer.Next() != PdfTokenKind.EndOfInput);

        return any ? table : null;
    }
}
