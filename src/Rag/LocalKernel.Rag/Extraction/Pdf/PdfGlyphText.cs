namespace LocalKernel.Rag;

/// <summary>Cleans the text a font gives for one glyph: ligatures become their letters (so "ﬁlter" is found as
/// "filter"), no-break spaces become spaces, control characters (fonts that map glyphs to U+0000) are dropped.</summary>
internal static class PdfGlyphText
{
    public static string? Normalize(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length == 1)
        {
            char c = text[0];
            return c switch
            {
                '\uFB00' => "ff",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                '\uFB05' or '\uFB06' => "st",
                '\u00A0' or '\u2002' or '\u2003' or '\u2009' or '\u3000' => " ",
                '\u00AD' => "-",
                < ' ' => c is '\t' or '\n' or '\r' ? " " : null,
                _ => text,
            };
        }

        bool clean = true;
        foreach (char c in text)
        {
            clean &= c >= ' ' && c is < '\uFB00' or > '\uFB06';
        }

        if (clean)
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length + 4);
        foreach (char c in text)
        {
            sb.Append(Normalize(c.ToString()));
        }

        return sb.Length == 0 ? null : sb.ToString();
    }
}
