using System.Globalization;

namespace LocalKernel.Rag;

/// <summary>
/// The advance widths of the 14 standard fonts (9.6.2.2), for simple fonts that name one of them and give no
/// /Widths: older producers (Apache FOP, early PDF writers) rely on the viewer knowing them, and without widths the
/// gaps between words cannot be told from the gaps inside them. Widths come from Adobe's AFM files
/// (<c>PdfStandardFontMetrics.Data.cs</c>, generated); the usual aliases (Arial, Times New Roman, Courier New, with
/// ",Bold"-style suffixes and subset prefixes) map to their standard font.
/// </summary>
internal static partial class PdfStandardFontMetrics
{
    private static readonly Lazy<Dictionary<string, FontMetrics>> Parsed = new(Parse);

    /// <summary>Widths of one standard font, by the text of a glyph and by code in the font's built-in encoding.</summary>
    internal sealed class FontMetrics
    {
        public Dictionary<string, double> ByText { get; } = new(StringComparer.Ordinal);

        public double?[] ByCode { get; } = new double?[256];

        /// <summary>Whether the font's built-in encoding is its own (Symbol, ZapfDingbats), not a text encoding.</summary>
        public bool IsSymbolic { get; init; }
    }

    /// <summary>The metrics of the standard font <paramref name="baseFont"/> stands for, or null when it is none of them.</summary>
    public static FontMetrics? For(string baseFont)
    {
        string name = baseFont;
        int plus = name.IndexOf('+', StringComparison.Ordinal);
        if (plus == 6)
        {
            name = name[(plus + 1)..]; // a subset prefix "ABCDEF+"
        }

        name = name.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        bool bold = name.Contains("bold", StringComparison.Ordinal) || name.Contains("black", StringComparison.Ordinal);
        bool italic = name.Contains("italic", StringComparison.Ordinal) || name.Contains("oblique", StringComparison.Ordinal);
        string? standard = name switch
        {
            _ when name.StartsWith("courier", StringComparison.Ordinal) => "Courier",
            _ when name.StartsWith("helvetica", StringComparison.Ordinal) || name.StartsWith("arial", StringComparison.Ordinal) => bold ? "Helvetica-Bold" : "Helvetica",
            _ when name.StartsWith("times", StringComparison.Ordinal) => (bold, italic) switch
            {
                (true, true) => "Times-BoldItalic",
                (true, false) => "Times-Bold",
                (false, true) => "Times-Italic",
                _ => "Times-Roman",
            },
            "symbol" or "symbolmt" => "Symbol",
            "zapfdingbats" or "dingbats" => "ZapfDingbats",
            _ => null,
        };
        return standard is null ? null : Parsed.Value[standard];
    }

    private static Dictionary<string, FontMetrics> Parse()
    {
        var fonts = new Dictionary<string, FontMetrics>(StringComparer.Ordinal);
        foreach (var (font, metrics) in Data)
        {
            var result = new FontMetrics { IsSymbolic = font is "Symbol" or "ZapfDingbats" };
            var parts = metrics.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i + 2 < parts.Length; i += 3)
            {
                int code = int.Parse(parts[i + 1], CultureInfo.InvariantCulture);
                double width = double.Parse(parts[i + 2], CultureInfo.InvariantCulture) / 1000;
                if (code is >= 0 and < 256)
                {
                    result.ByCode[code] = width;
                }

                if (PdfGlyphList.ToUnicode(parts[i]) is { } text)
                {
                    result.ByText.TryAdd(text, width);
                }
            }

            fonts[font] = result;
        }

        return fonts;
    }
}
