namespace LocalKernel.Rag;

/// <summary>One shown glyph in page space: its text, baseline origin, advance end, effective font size, the unit
/// vector of its baseline direction, and whether its font is bold.</summary>
internal readonly record struct PdfGlyph(string Text, double X, double Y, double EndX, double EndY, double Size, double DirectionX, double DirectionY, bool Bold);
