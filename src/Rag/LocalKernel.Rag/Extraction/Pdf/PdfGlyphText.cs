namespace LocalKernel.Rag;

/// <summary>Cleans the text a font gives for one glyph: ligatures become their letters (so "ﬁlter" is found as
/// "filter"), no-break spaces become spaces, control characters (fonts that map glyphs to U+0000) are dropped, and a
/// surrogate without its pair (a damaged or odd ToUnicode map) becomes U+FFFD, so the text is always valid UTF-16 —
/// writing a lone surrogate as UTF-8 throws.</summary>
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
                >= '\uD800' and <= '\uDFFF' => "\uFFFD",
                _ => text,
            };
        }

        bool clean = true;
        foreach (char c in text)
        {
            clean &= c >= ' ' && c is < '\uFB00' or > '\uFB06' && !char.IsSurrogate(c);
        }

        if (clean)
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]))
            {
                sb.Append(text[i]).Append(text[i + 1]);
                i++;
                continue;
            }

            sb.Append(Normalize(text[i].ToString()));
        }

        return sb.Length == 0 ? null : sb.ToString();
    }
}
