namespace LocalKernel.Rag;

/// <summary>What Type 3 fonts need beyond simple fonts: their glyph names and their size.</summary>
internal sealed partial class PdfFont
{
    private double Type3SizeScale()
    {
        // The em of a Type 3 font is unknown without drawing it: guess it from the width of "m" (0.6 em in typical
        // fonts), else of a letter (0.5 em), as pdftotext does. Widths are already in text space per unit of font size.
        double? letter = null, any = null;
        for (int code = 0; code < 256; code++)
        {
            double w = _simpleWidths[code];
            if (w <= 0 || _simpleTable[code] is not { Length: 1 } text)
            {
                continue;
            }

            if (text == "m")
            {
                return w / 0.6;
            }

            if (char.IsLetter(text[0]))
            {
                letter ??= w;
            }

            any ??= w;
        }

        return (letter ?? any) is double width ? width / 0.5 : 1;
    }

    /// <summary>Type 3 fonts made from bitmap fonts (dvips, pdfTeX with PK fonts) name their glyphs by code: "a33", "g65",
    /// "C97", "97", or (dvips through Distiller 3) "#5B", two hexadecimal digits after '#', for the characters whose
    /// names it did not write out ("[", "#", "{" in code examples). The number is the code in the TeX font, ASCII for
    /// letters, digits and punctuation (typewriter code examples rely on this); codes 11-15 are TeX's ligatures.
    /// pdftotext reads such names the same way.</summary>
    internal static string? NumericGlyphName(string name)
    {
        if (name.Length == 3 && name[0] == '#' && char.IsAsciiHexDigit(name[1]) && char.IsAsciiHexDigit(name[2]))
        {
            return CodeText(int.Parse(name.AsSpan(1), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture));
        }

        int digits = 0;
        while (digits < name.Length && char.IsAsciiDigit(name[^(digits + 1)]))
        {
            digits++;
        }

        int letters = name.Length - digits;
        if (digits is 0 or > 3 || letters > 2)
        {
            return null;
        }

        for (int i = 0; i < letters; i++)
        {
            if (!char.IsAsciiLetter(name[i]))
            {
                return null;
            }
        }

        return CodeText(int.Parse(name.AsSpan(letters), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string? CodeText(int code) =>
        code switch
        {
            >= 33 and <= 126 => ((char)code).ToString(),
            11 => "ff",
            12 => "fi",
            13 => "fl",
            14 => "ffi",
            15 => "ffl",
            _ => null,
        };
}
