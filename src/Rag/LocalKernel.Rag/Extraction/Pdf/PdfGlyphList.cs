using System.Globalization;
using System.Text;

namespace LocalKernel.Rag;

/// <summary>
/// Glyph names to Unicode (the conventions of the Adobe Glyph List): the names simple fonts use in /Differences and the
/// standard encodings. Latin and Greek letters with diacritics come from a generated table (PdfGlyphList.Data.cs), Greek and
/// Cyrillic (afii) base letters from their rules;
/// "uniXXXX", "uXXXX[XX]", ligature names joined by '_' and suffixes after '.' are understood.
/// </summary>
internal static partial class PdfGlyphList
{
    private static readonly Dictionary<string, string> Names = Build();

    /// <summary>The text of glyph <paramref name="name"/>, or null when the name carries no meaning ("g12", "cid34").</summary>
    public static string? ToUnicode(string name)
    {
        if (Names.TryGetValue(name, out var known))
        {
            return known;
        }

        int dot = name.IndexOf('.');
        if (dot > 0)
        {
            return ToUnicode(name[..dot]);
        }

        if (name.Contains('_'))
        {
            var sb = new StringBuilder();
            foreach (var part in name.Split('_'))
            {
                var text = ToUnicode(part);
                if (text is null)
                {
                    return null;
                }

                sb.Append(text);
            }

            return sb.ToString();
        }

        if (name.Length >= 7 && name.StartsWith("uni", StringComparison.Ordinal) && (name.Length - 3) % 4 == 0)
        {
            var sb = new StringBuilder();
            for (int i = 3; i < name.Length; i += 4)
            {
                if (!int.TryParse(name.AsSpan(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int unit) || unit is >= 0xD800 and <= 0xDFFF)
                {
                    return null;
                }

                sb.Append((char)unit);
            }

            return sb.ToString();
        }

        if (name.Length is >= 5 and <= 7 && name[0] == 'u'
            && int.TryParse(name.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int scalar)
            && scalar <= 0x10FFFF && scalar is < 0xD800 or > 0xDFFF)
        {
            return char.ConvertFromUtf32(scalar);
        }

        // Fonts made by dvips and some Type 3 producers name glyphs by the character itself: "/,", "/9".
        if (name.Length == 1 && name[0] is > ' ' and < '\x7F')
        {
            return name;
        }

        return null;
    }

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] ascii =
        [
            "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quotesingle", "parenleft",
            "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash", "zero", "one", "two", "three", "four",
            "five", "six", "seven", "eight", "nine", "colon", "semicolon", "less", "equal", "greater", "question", "at",
        ];
        for (int i = 0; i < ascii.Length; i++)
        {
            map[ascii[i]] = ((char)(0x20 + i)).ToString();
        }

        for (char c = 'A'; c <= 'Z'; c++)
        {
            map[c.ToString()] = c.ToString();
            map[char.ToLowerInvariant(c).ToString()] = char.ToLowerInvariant(c).ToString();
        }

        AddPairs(map, """
            bracketleft 005B backslash 005C bracketright 005D asciicircum 005E underscore 005F grave 0060 braceleft 007B
            bar 007C braceright 007D asciitilde 007E nbspace 00A0 exclamdown 00A1 cent 00A2 sterling 00A3 currency 00A4
            yen 00A5 brokenbar 00A6 section 00A7 dieresis 00A8 copyright 00A9 ordfeminine 00AA guillemotleft 00AB
            guillemetleft 00AB logicalnot 00AC sfthyphen 00AD registered 00AE macron 00AF degree 00B0 plusminus 00B1
            twosuperior 00B2 threesuperior 00B3 acute 00B4 mu 00B5 paragraph 00B6 periodcentered 00B7 cedilla 00B8
            onesuperior 00B9 ordmasculine 00BA guillemotright 00BB guillemetright 00BB onequarter 00BC onehalf 00BD
            threequarters 00BE questiondown 00BF AE 00C6 Eth 00D0 multiply 00D7 Oslash 00D8 Thorn 00DE germandbls 00DF
            ae 00E6 eth 00F0 divide 00F7 oslash 00F8 thorn 00FE Dcroat 0110 dcroat 0111 Hbar 0126 hbar 0127 dotlessi 0131
            IJ 0132 ij 0133 kgreenlandic 0138 Ldot 013F ldot 0140 Lslash 0141 lslash 0142 napostrophe 0149 Eng 014A eng 014B
            OE 0152 oe 0153 Tbar 0166 tbar 0167 longs 017F florin 0192 dotlessj 0237 circumflex 02C6 caron 02C7 breve 02D8
            dotaccent 02D9 ring 02DA ogonek 02DB tilde 02DC hungarumlaut 02DD tonos 0384 dieresistonos 0385
            figuredash 2012 endash 2013 emdash 2014 afii00208 2015 underscoredbl 2017 quoteleft 2018 quoteright 2019
            quotesinglbase 201A quotereversed 201B quotedblleft 201C quotedblright 201D quotedblbase 201E dagger 2020
            daggerdbl 2021 bullet 2022 onedotenleader 2024 twodotenleader 2025 ellipsis 2026 perthousand 2030 minute 2032
            second 2033 guilsinglleft 2039 guilsinglright 203A exclamdbl 203C fraction 2044 Euro 20AC afii61352 2116
            trademark 2122 Ohm 2126 estimated 212E aleph 2135 Ifraktur 2111 weierstrass 2118 Rfraktur 211C onethird 2153
            twothirds 2154 oneeighth 215B threeeighths 215C fiveeighths 215D seveneighths 215E arrowleft 2190 arrowup 2191
            arrowright 2192 arrowdown 2193 arrowboth 2194 arrowupdn 2195 arrowdblleft 21D0 arrowdblup 21D1 arrowdblright 21D2
            arrowdbldown 21D3 arrowdblboth 21D4 universal 2200 partialdiff 2202 existential 2203 emptyset 2205 increment 2206
            gradient 2207 element 2208 notelement 2209 suchthat 220B product 220F summation 2211 minus 2212 asteriskmath 2217
            radical 221A proportional 221D infinity 221E angle 2220 logicaland 2227 logicalor 2228 intersection 2229 union 222A
            integral 222B therefore 2234 similar 223C congruent 2245 approxequal 2248 notequal 2260 equivalence 2261
            lessequal 2264 greaterequal 2265 propersubset 2282 propersuperset 2283 notsubset 2284 reflexsubset 2286
            reflexsuperset 2287 circleplus 2295 circlemultiply 2297 perpendicular 22A5 dotmath 22C5 angleleft 2329
            angleright 232A visiblespace 2423 lozenge 25CA spade 2660 club 2663 heart 2665 diamond 2666 apple F8FF
            ff FB00 fi FB01 fl FB02 ffi FB03 ffl FB04
            """);

        AddPairs(map, AccentedLetters); // generated: no normalisation at run time, which InvariantGlobalization lacks
        AddGreek(map);
        AddCyrillic(map);
        return map;
    }

    private static void AddPairs(Dictionary<string, string> map, string pairs)
    {
        var parts = pairs.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < parts.Length; i += 2)
        {
            map[parts[i]] = ((char)int.Parse(parts[i + 1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)).ToString();
        }
    }

    private static void AddGreek(Dictionary<string, string> map)
    {
        string?[] letters =
        [
            "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu", "Nu", "Xi",
            "Omicron", "Pi", "Rho", null, "Sigma", "Tau", "Upsilon", "Phi", "Chi", "Psi", "Omega",
        ];
        for (int i = 0; i < letters.Length; i++)
        {
            if (letters[i] is { } name)
            {
                map.TryAdd(name, ((char)(0x0391 + i)).ToString());
                map.TryAdd(name.ToLowerInvariant(), ((char)(0x03B1 + i)).ToString());
            }
        }

        map["sigma1"] = "\u03C2";
    }

    private static void AddCyrillic(Dictionary<string, string> map)
    {
        // The afii names number the Russian alphabet in its own order, with Ё after Е.
        const string Upper = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";
        const string Lower = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
        for (int i = 0; i < Upper.Length; i++)
        {
            map.TryAdd($"afii{10017 + i}", Upper[i].ToString());
            map.TryAdd($"afii{10065 + i}", Lower[i].ToString());
        }
    }
}
