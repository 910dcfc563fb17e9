namespace LocalKernel.Rag;

/// <summary>
/// Runs a page's content stream far enough to know where text goes (9.4): the graphics state stack (q/Q/cm), the
/// text state (Tf, Tc, Tw, Tz, TL, Ts), text positioning (BT/ET, Td, TD, Tm, T*), text showing (Tj, TJ, ', ") and
/// form XObjects (Do), recursively with a depth limit and cycle protection. Everything that only paints is ignored.
/// </summary>
internal sealed partial class PdfContentInterpreter
{
    /// <summary>More glyphs than any real page holds: past it the page is treated as hostile.</summary>
    public const int MaxGlyphsPerPage = 500_000;

    private const int MaxStateDepth = 256;
    private const int MaxOperands = 64;

    // Operands are boxed; small whole numbers ("0", "1", "12") are most of them, so their boxes are made once.
    private static readonly object[] SmallIntegers = Enumerable.Range(0, 1024).Select(i => (object)(double)i).ToArray();

    private readonly PdfFile _file;
    private readonly Dictionary<PdfDictionary, PdfFont> _fonts;
    private readonly int _maxDepth;
    private readonly long _budgetBytes;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<PdfStream> _activeForms = new(ReferenceEqualityComparer.Instance);
    private readonly Stack<GraphicsState> _saved = new();
    private readonly List<object?> _operands = [];
    private GraphicsState _state = new();
    private PdfMatrix _textMatrix = PdfMatrix.Identity;
    private PdfMatrix _lineMatrix = PdfMatrix.Identity;
    private long _interpretedBytes;

    public PdfContentInterpreter(PdfFile file, Dictionary<PdfDictionary, PdfFont> fontCache, int maxDepth, CancellationToken cancellationToken)
    {
        _file = file;
        _fonts = fontCache;
        _maxDepth = maxDepth;
        _budgetBytes = file.MaxDecompressedBytes;
        _cancellationToken = cancellationToken;
    }

    public List<PdfGlyph> Glyphs { get; } = [];

    /// <summary>Bytes of content interpreted so far, repeated forms counted each time.</summary>
    public long InterpretedBytes => _interpretedBytes;

    /// <summary>Interprets one page's content (its streams already decoded and joined).</summary>
    /// <exception cref="DocumentExtractionException">Forms nested past the limit, or more work than the limits allow (TooLarge).</exception>
    public void RunPage(byte[] content, PdfDictionary? resources)
    {
        try
        {
            Execute(content, resources, 0);
        }
        finally
        {
            CloseOpenMarkedContent();
        }
    }

    private void Execute(byte[] content, PdfDictionary? resources, int depth)
    {
        _interpretedBytes += content.Length;
        if (_interpretedBytes > _budgetBytes)
        {
            // Forms drawn over and over can multiply a small file into endless work; the page gets one stream's worth.
            throw new DocumentExtractionException(ExtractionFailure.TooLarge,
                $"A page draws more than {_budgetBytes:N0} bytes of content (ExtractionOptions.MaxDecompressedBytes), counting repeated forms.");
        }

        var lexer = new PdfLexer(content);
        int stateDepthAtStart = _saved.Count;
        long operators = 0;
        while (lexer.Next() != PdfTokenKind.EndOfInput)
        {
            if (lexer.Kind != PdfTokenKind.Keyword)
            {
                if (_operands.Count >= MaxOperands)
                {
                    _operands.Clear(); // garbage between operators; real operators take at most six operands (TJ: one array)
                }

                _operands.Add(lexer.Kind == PdfTokenKind.Number && lexer.IsInteger && lexer.Number is >= 0 and < 1024
                    ? SmallIntegers[(int)lexer.Number]
                    : lexer.ReadCurrent(allowReferences: false));
                continue;
            }

            if ((++operators & 0xFFFF) == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            string op = lexer.Text;
            if (op == "BI")
            {
                SkipInlineImage(lexer);
            }
            else
            {
                Apply(op, resources, depth);
            }

            _operands.Clear();
        }

        _operands.Clear();

        // A stream must not leave saved states behind for its caller (unbalanced q in a form).
        while (_saved.Count > stateDepthAtStart)
        {
            _state = _saved.Pop();
        }
    }

    private void Apply(string op, PdfDictionary? resources, int depth)
    {
        switch (op)
        {
            case "q":
                if (_saved.Count < MaxStateDepth)
                {
                    _saved.Push(_state.Clone());
                }

                break;
            case "Q":
                if (_saved.Count > 0)
                {
                    _state = _saved.Pop();
                }

                break;
            case "cm":
                if (MatrixOperand() is { } cm)
                {
                    _state.Ctm = cm.Multiply(_state.Ctm);
                }

                break;
            case "BT":
                _textMatrix = _lineMatrix = PdfMatrix.Identity;
                break;
            case "Tf":
                if (_operands.Count >= 2)
                {
                    _state.Font = FontFor(resources, (_operands[^2] as PdfName)?.Value);
                    _state.FontSize = Number(^1);
                }

                break;
            case "Tc":
                _state.CharSpacing = Number(^1);
                break;
            case "Tw":
                _state.WordSpacing = Number(^1);
                break;
            case "Tz":
                _state.HorizontalScale = Number(^1) / 100;
                break;
            case "TL":
                _state.Leading = Number(^1);
                break;
            case "Ts":
                _state.Rise = Number(^1);
                break;
            case "Td":
                MoveLine(Number(^2), Number(^1));
                break;
            case "TD":
                _state.Leading = -Number(^1);
                MoveLine(Number(^2), Number(^1));
                break;
            case "Tm":
                if (MatrixOperand() is { } tm)
                {
                    _textMatrix = _lineMatrix = tm;
                }

                break;
            case "T*":
                MoveLine(0, -_state.Leading);
                break;
            case "Tj":
                Show(_operands.Count > 0 ? _operands[^1] as PdfString : null);
                break;
            case "'":
                MoveLine(0, -_state.Leading);
                Show(_operands.Count > 0 ? _operands[^1] as PdfString : null);
                break;
            case "\"":
                _state.WordSpacing = Number(^3);
                _state.CharSpacing = Number(^2);
                MoveLine(0, -_state.Leading);
                Show(_operands.Count > 0 ? _operands[^1] as PdfString : null);
                break;
            case "TJ":
                ShowArray(_operands.Count > 0 ? _operands[^1] as PdfArray : null);
                break;
            case "Do":
                DrawXObject(resources, _operands.Count > 0 ? (_operands[^1] as PdfName)?.Value : null, depth);
                break;
            case "BMC":
                BeginMarkedContent(resources, withProperties: false);
                break;
            case "BDC":
                BeginMarkedContent(resources, withProperties: true);
                break;
            case "EMC":
                EndMarkedContent();
                break;
            case "gs":
                ApplyExtGState(resources, _operands.Count > 0 ? (_operands[^1] as PdfName)?.Value : null);
                break;
        }
    }

    private double Number(Index index)
    {
        int i = index.GetOffset(_operands.Count);
        return i >= 0 && i < _operands.Count && _operands[i] is double d && double.IsFinite(d) ? d : 0;
    }

    private PdfMatrix? MatrixOperand()
    {
        if (_operands.Count < 6)
        {
            return null;
        }

        return new PdfMatrix(Number(^6), Number(^5), Number(^4), Number(^3), Number(^2), Number(^1));
    }

    private void MoveLine(double tx, double ty)
    {
        _lineMatrix = PdfMatrix.Translation(tx, ty).Multiply(_lineMatrix);
        _textMatrix = _lineMatrix;
    }

    private void ShowArray(PdfArray? array)
    {
        if (array is null)
        {
            return;
        }

        foreach (var item in array)
        {
            if (item is PdfString s)
            {
                Show(s);
            }
            else if (item is double adjustment && double.IsFinite(adjustment))
            {
                // A number moves the next glyph left by adjustment/1000 of the font size (9.4.3); large negative
                // values are how many producers write the space between words.
                double tx = -adjustment / 1000 * _state.FontSize * _state.HorizontalScale;
                _textMatrix = PdfMatrix.Translation(tx, 0).Multiply(_textMatrix);
            }
        }
    }

    /// <summary>Whether the string shows a space character (code 32 in a one-byte font, else a code mapped to U+0020).</summary>
    private static bool HasSpace(PdfFont font, ReadOnlySpan<byte> bytes)
    {
        for (int position = 0; position < bytes.Length;)
        {
            int length = font.NextCode(bytes[position..], out int code);
            position += length;
            if (PdfFont.IsWordSpace(code, length) || (length > 1 && font.ToUnicode(code, length) == " "))
            {
                return true;
            }
        }

        return false;
    }

    private void Show(PdfString? text)
    {
        if (text is null || text.Bytes.Length == 0)
        {
            return;
        }

        var font = _state.Font ?? FallbackFont();
        var bytes = text.Bytes.AsSpan();
        double fontSize = _state.FontSize;
        double scale = _state.HorizontalScale;
        var fontMatrix = new PdfMatrix(fontSize * scale, 0, 0, fontSize, 0, _state.Rise);

        // Positive character spacing (Tc) is either letter-spacing (Prawn's and ReportLab's spaced-out text, whose
        // strings hold their own spaces) or, in Ghostscript's output of justified groff text, the word space itself:
        // "2.736 Tc [(\)i) 273.6 (sag)] TJ" is ") is a g", strings without a space. Only the first belongs to the
        // glyph, so that a letter-spaced word stays one word; the second must stay a gap between words.
        double letterSpacing = _state.CharSpacing > 0 && fontSize != 0 && HasSpace(font, bytes) ? _state.CharSpacing / fontSize : 0;
        int position = 0;
        while (position < bytes.Length)
        {
            int length = font.NextCode(bytes[position..], out int code);
            position += length;
            double width = font.Width(code, length);
            // Inside an ActualText span a glyph without text still marks where the span's text reaches.
            string? unicode = PdfGlyphText.Normalize(font.ToUnicode(code, length)) ?? (_actualTextDepth != 0 ? string.Empty : null);
            if (unicode is not null)
            {
                var rendering = fontMatrix.Multiply(_textMatrix).Multiply(_state.Ctm);
                var (endX, endY) = rendering.Transform(width + letterSpacing, 0);
                double size = Math.Sqrt((rendering.C * rendering.C) + (rendering.D * rendering.D)) * font.SizeScale;
                // A glyph mirrored left to right on an upright line (TeX's \reflectbox, the reversed E of the XeTeX
                // logo) advances leftwards: it is read as an upright glyph spanning the same ground, not as a line of
                // its own turned upside down. Only that case: dvips' Type 3 fonts flip y in the font matrix and the
                // page matrix both, which is upright text too.
                bool mirrored = rendering.A < 0 && rendering.D > 0 && Math.Abs(rendering.B) < -rendering.A && Math.Abs(rendering.C) < rendering.D;
                double ux = mirrored ? -rendering.A : rendering.A, uy = mirrored ? -rendering.B : rendering.B;
                double directionLength = Math.Sqrt((ux * ux) + (uy * uy));
                double dx = directionLength > 1e-9 ? ux / directionLength : 1;
                double dy = directionLength > 1e-9 ? uy / directionLength : 0;
                var (startX, startY) = (rendering.E, rendering.F);
                if (mirrored)
                {
                    (startX, startY, endX, endY) = (endX, endY, startX, startY);
                }

                if (Glyphs.Count >= MaxGlyphsPerPage)
                {
                    throw new DocumentExtractionException(ExtractionFailure.TooLarge, $"A page shows more than {MaxGlyphsPerPage:N0} glyphs.");
                }

                Glyphs.Add(new PdfGlyph(unicode, startX, startY, endX, endY, size, dx, dy, font.IsBold));
            }

            double advance = ((width * fontSize) + _state.CharSpacing + (PdfFont.IsWordSpace(code, length) ? _state.WordSpacing : 0)) * scale;
            _textMatrix = PdfMatrix.Translation(advance, 0).Multiply(_textMatrix);
        }
    }

    private sealed class GraphicsState
    {
        public PdfMatrix Ctm { get; set; } = PdfMatrix.Identity;

        public PdfFont? Font { get; set; }

        public double FontSize { get; set; }

        public double CharSpacing { get; set; }

        public double WordSpacing { get; set; }

        public double HorizontalScale { get; set; } = 1;

        public double Leading { get; set; }

        public double Rise { get; set; }

        public GraphicsState Clone() => (GraphicsState)MemberwiseClone();
    }
}
