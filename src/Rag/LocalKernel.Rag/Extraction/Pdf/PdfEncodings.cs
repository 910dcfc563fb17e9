using System.Text;

namespace LocalKernel.Rag;

/// <summary>The predefined simple-font encodings (Annex D): code → text, null for unused codes.</summary>
internal static class PdfEncodings
{
    public static readonly string?[] Standard = BuildStandard();
    public static readonly string?[] WinAnsi = BuildWinAnsi();
    public static readonly string?[] MacRoman = BuildMacRoman();

    private static readonly char[] PdfDocHigh = BuildPdfDocHigh();

    /// <summary>The table for a /BaseEncoding or /Encoding name, or null for an unknown name.</summary>
    public static string?[]? ForName(string? name) => name switch
    {
        "WinAnsiEncoding" => WinAnsi,
        "MacRomanEncoding" => MacRoman,
        "StandardEncoding" => Standard,
        "MacExpertEncoding" => Standard, // expert sets are rare; their letters mostly sit where Standard has them
        _ => null,
    };

    /// <summary>A PDFDocEncoding byte as a character (for text strings such as the document title).</summary>
    public static char PdfDocChar(byte b) => b is >= 0x80 and <= 0xA0 ? PdfDocHigh[b - 0x80] : (char)b;

    private static string?[] BuildStandard()
    {
        var table = new string?[256];
        for (int c = 0x20; c < 0x7F; c++)
        {
            table[c] = ((char)c).ToString();
        }

        table[0x27] = "\u2019"; // quoteright
        table[0x60] = "\u2018"; // quoteleft
        string[] high =
        [
            "241 exclamdown", "242 cent", "243 sterling", "244 fraction", "245 yen", "246 florin", "247 section", "250 currency",
            "251 quotesingle", "252 quotedblleft", "253 guillemotleft", "254 guilsinglleft", "255 guilsinglright", "256 fi",
            "257 fl", "261 endash", "262 dagger", "263 daggerdbl", "264 periodcentered", "266 paragraph", "267 bullet",
            "270 quotesinglbase", "271 quotedblbase", "272 quotedblright", "273 guillemotright", "274 ellipsis",
            "275 perthousand", "277 questiondown", "301 grave", "302 acute", "303 circumflex", "304 tilde", "305 macron",
            "306 breve", "307 dotaccent", "310 dieresis", "312 ring", "313 cedilla", "315 hungarumlaut", "316 ogonek",
            "317 caron", "320 emdash", "341 AE", "343 ordfeminine", "350 Lslash", "351 Oslash", "352 OE", "353 ordmasculine",
            "361 ae", "365 dotlessi", "370 lslash", "371 oslash", "372 oe", "373 germandbls",
        ];
        foreach (var entry in high)
        {
            int code = Convert.ToInt32(entry[..3], 8);
            table[code] = PdfGlyphList.ToUnicode(entry[4..]);
        }

        return table;
    }

    private static string?[] BuildWinAnsi()
    {
        var table = new string?[256];
        var cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;
        for (int c = 0x20; c < 256; c++)
        {
            if (c is 0x7F or 0x81 or 0x8D or 0x8F or 0x90 or 0x9D)
            {
                continue;
            }

            table[c] = cp1252.GetString([(byte)c]);
        }

        table[0xA0] = " ";  // nbspace reads as a space
        table[0xAD] = "-";  // a soft hyphen that is drawn is a hyphen
        return table;
    }

    private static string?[] BuildMacRoman()
    {
        var table = new string?[256];
        var mac = CodePagesEncodingProvider.Instance.GetEncoding(10000);
        for (int c = 0x20; c < 256; c++)
        {
            if (c != 0x7F)
            {
                table[c] = mac is null ? ((char)c).ToString() : mac.GetString([(byte)c]);
            }
        }

        table[0xCA] = " ";
        return table;
    }

    private static char[] BuildPdfDocHigh()
    {
        // 0x80–0xA0 of PDFDocEncoding (D.2); the rest coincides with Latin-1.
        const string High = "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203A\u2212\u2030\u201E\u201C\u201D\u2018"
            + "\u2019\u201A\u2122\uFB01\uFB02\u0141\u0152\u0160\u0178\u017D\u0131\u0142\u0153\u0161\u017E\uFFFD\u20AC";
        return High.ToCharArray();
    }
}
