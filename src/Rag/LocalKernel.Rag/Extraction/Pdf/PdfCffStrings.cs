namespace LocalKernel.Rag;

/// <summary>
/// The 391 standard strings of the Compact Font Format (Adobe Technical Note #5176, Appendix A): a CFF font names its
/// glyphs by string id, and ids below 391 mean these names without storing them.
/// </summary>
internal static class PdfCffStrings
{
    public const int Count = 391;

    public static readonly string[] Standard = Build();

    private static string[] Build()
    {
        var names = new List<string> { ".notdef" };
        names.AddRange(
            """
            space exclam quotedbl numbersign dollar percent ampersand quoteright parenleft parenright asterisk plus comma
            hyphen period slash zero one two three four five six seven eight nine colon semicolon less equal greater question
            at
            """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        names.AddRange(Enumerable.Range('A', 26).Select(c => ((char)c).ToString()));
        names.AddRange(["bracketleft", "backslash", "bracketright", "asciicircum", "underscore", "quoteleft"]);
        names.AddRange(Enumerable.Range('a', 26).Select(c => ((char)c).ToString()));
        names.AddRange(
            """
            braceleft bar braceright asciitilde exclamdown cent sterling fraction yen florin section currency quotesingle
            quotedblleft guillemotleft guilsinglleft guilsinglright fi fl endash dagger daggerdbl periodcentered paragraph
            bullet quotesinglbase quotedblbase quotedblright guillemotright ellipsis perthousand questiondown grave acute
            circumflex tilde macron breve dotaccent dieresis ring cedilla hungarumlaut ogonek caron emdash AE ordfeminine
            Lslash Oslash OE ordmasculine ae dotlessi lslash oslash oe germandbls onesuperior logicalnot mu trademark Eth
            onehalf plusminus Thorn onequarter divide brokenbar degree thorn threequarters twosuperior registered minus eth
            multiply threesuperior copyright Aacute Acircumflex Adieresis Agrave Aring Atilde Ccedilla Eacute Ecircumflex
            Edieresis Egrave Iacute Icircumflex Idieresis Igrave Ntilde Oacute Ocircumflex Odieresis Ograve Otilde Scaron
            Uacute Ucircumflex Udieresis Ugrave Yacute Ydieresis Zcaron aacute acircumflex adieresis agrave aring atilde
            ccedilla eacute ecircumflex edieresis egrave iacute icircumflex idieresis igrave ntilde oacute ocircumflex
            odieresis ograve otilde scaron uacute ucircumflex udieresis ugrave yacute ydieresis zcaron exclamsmall
            Hungarumlautsmall dollaroldstyle dollarsuperior ampersandsmall Acutesmall parenleftsuperior parenrightsuperior
            twodotenleader onedotenleader zerooldstyle oneoldstyle twooldstyle threeoldstyle fouroldstyle fiveoldstyle
            sixoldstyle sevenoldstyle eightoldstyle nineoldstyle commasuperior threequartersemdash periodsuperior
            questionsmall asuperior bsuperior centsuperior dsuperior esuperior isuperior lsuperior msuperior nsuperior
            osuperior rsuperior ssuperior tsuperior ff ffi ffl parenleftinferior parenrightinferior Circumflexsmall
            hyphensuperior Gravesmall
            """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        names.AddRange(Enumerable.Range('A', 26).Select(c => (char)c + "small"));
        names.AddRange(
            """
            colonmonetary onefitted rupiah Tildesmall exclamdownsmall centoldstyle Lslashsmall Scaronsmall Zcaronsmall
            Dieresissmall Brevesmall Caronsmall Dotaccentsmall Macronsmall figuredash hypheninferior Ogoneksmall Ringsmall
            Cedillasmall questiondownsmall oneeighth threeeighths fiveeighths seveneighths onethird twothirds zerosuperior
            foursuperior fivesuperior sixsuperior sevensuperior eightsuperior ninesuperior zeroinferior oneinferior
            twoinferior threeinferior fourinferior fiveinferior sixinferior seveninferior eightinferior nineinferior
            centinferior dollarinferior periodinferior commainferior Agravesmall Aacutesmall Acircumflexsmall Atildesmall
            Adieresissmall Aringsmall AEsmall Ccedillasmall Egravesmall Eacutesmall Ecircumflexsmall Edieresissmall
            Igravesmall Iacutesmall Icircumflexsmall Idieresissmall Ethsmall Ntildesmall Ogravesmall Oacutesmall
            Ocircumflexsmall Otildesmall Odieresissmall OEsmall Oslashsmall Ugravesmall Uacutesmall Ucircumflexsmall
            Udieresissmall Yacutesmall Thornsmall Ydieresissmall 001.000 001.001 001.002 001.003 Black Bold Book Light
            Medium Regular Roman Semibold
            """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        return names.ToArray();
    }
}
