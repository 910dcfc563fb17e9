namespace LocalKernel.Rag;

/// <summary>
/// Marked content with replacement text (ISO 32000-1, 14.9.4): <c>/Span &lt;&lt;/ActualText (…)&gt;&gt; BDC … EMC</c> says
/// what the glyphs drawn inside mean. Producers use it where glyphs and characters do not map one to one: LibreOffice
/// writes every shaped Myanmar or Indic cluster that way (its glyphs are drawn in visual order, the pre-base vowel sign
/// first, and their ToUnicode entries are placeholders), TeX packages use it for ligatures and decorated hyphens.
/// The glyphs of a span become one glyph carrying the actual text, from where the first of them starts to where the
/// last drawn ends (as pdftotext does); a span that draws nothing adds nothing. Spans nested in a span are part of it.
/// </summary>
internal sealed partial class PdfContentInterpreter
{
    private int _markedDepth;
    private int _actualTextDepth; // the marked-content depth of the open ActualText span; 0 when none is open
    private string? _actualText;
    private int _actualTextFirstGlyph;

    private void BeginMarkedContent(PdfDictionary? resources, bool withProperties)
    {
        _markedDepth++;
        if (!withProperties || _actualTextDepth != 0 || _operands.Count < 2)
        {
            return;
        }

        // The properties are inline or, by name, in the resources' /Properties.
        var properties = _operands[^1] switch
        {
            PdfDictionary inline => inline,
            PdfName name => _file.ResolveDictionary(_file.ResolveDictionary(resources?.Get("Properties"))?.Get(name.Value)),
            _ => null,
        };

        if (_file.Resolve(properties?.Get("ActualText")) is PdfString actualText)
        {
            _actualText = actualText.ToText();
            _actualTextDepth = _markedDepth;
            _actualTextFirstGlyph = Glyphs.Count;
        }
    }

    private void EndMarkedContent()
    {
        if (_markedDepth == 0)
        {
            return; // an EMC without its BMC/BDC
        }

        if (_markedDepth == _actualTextDepth)
        {
            CloseActualText();
        }

        _markedDepth--;
    }

    /// <summary>Closes spans a page leaves open (a missing EMC), so their text is not lost.</summary>
    private void CloseOpenMarkedContent()
    {
        if (_actualTextDepth != 0)
        {
            CloseActualText();
        }

        _markedDepth = 0;
    }

    private void CloseActualText()
    {
        int first = _actualTextFirstGlyph, count = Glyphs.Count - first;
        string? text = PdfGlyphText.Normalize(_actualText);
        _actualText = null;
        _actualTextDepth = 0;
        if (count <= 0)
        {
            return;
        }

        // The start nearest the line's beginning along the first glyph's baseline (a pre-base vowel sign may be drawn
        // after its consonant); the end where the last glyph drawn ends, as pdftotext takes it: a mark the producer
        // placed itself still carries its nominal advance, and the farthest end would reach into the next cluster. A
        // last glyph without an advance (Chromium gives Khmer's subscript and vowel marks width 0 and places them)
        // ends nothing: the end is that of the last glyph with one, else a gap opens inside the word ("ស្ថា ប័ន").
        var head = Glyphs[first];
        double Along(double x, double y) => (x * head.DirectionX) + (y * head.DirectionY);
        PdfGlyph start = head, end = Glyphs[^1];
        for (int i = first + 1; i < Glyphs.Count; i++)
        {
            var g = Glyphs[i];
            start = Along(g.X, g.Y) < Along(start.X, start.Y) ? g : start;
        }

        bool HasAdvance(PdfGlyph g) => Along(g.EndX - g.X, g.EndY - g.Y) > 0;
        int last = Glyphs.Count - 1;
        while (last > first && !HasAdvance(Glyphs[last]))
        {
            last--;
        }

        if (HasAdvance(Glyphs[last]))
        {
            end = Glyphs[last];
        }

        Glyphs.RemoveRange(first, count);
        if (!string.IsNullOrEmpty(text))
        {
            Glyphs.Add(head with { Text = text, X = start.X, Y = start.Y, EndX = end.EndX, EndY = end.EndY });
        }
    }
}
