namespace LocalKernel.Rag;

/// <summary>A PDF transformation matrix [a b c d e f] (8.3.3): a point (x, y) maps to (a·x + c·y + e, b·x + d·y + f).</summary>
internal readonly record struct PdfMatrix(double A, double B, double C, double D, double E, double F)
{
    public static readonly PdfMatrix Identity = new(1, 0, 0, 1, 0, 0);

    public static PdfMatrix Translation(double x, double y) => new(1, 0, 0, 1, x, y);

    /// <summary>This transformation followed by <paramref name="then"/> (the PDF product this × then).</summary>
    public PdfMatrix Multiply(PdfMatrix then) => new(
        (A * then.A) + (B * then.C),
        (A * then.B) + (B * then.D),
        (C * then.A) + (D * then.C),
        (C * then.B) + (D * then.D),
        (E * then.A) + (F * then.C) + then.E,
        (E * then.B) + (F * then.D) + then.F);

    public (double X, double Y) Transform(double x, double y) => ((A * x) + (C * y) + E, (B * x) + (D * y) + F);

    /// <summary>Reads six numbers from an array; null when it is not a matrix.</summary>
    public static PdfMatrix? FromArray(PdfFile file, PdfArray? array)
    {
        if (array is not { Count: 6 })
        {
            return null;
        }

        var v = new double[6];
        for (int i = 0; i < 6; i++)
        {
            if (file.ResolveNumber(array[i]) is not double d || !double.IsFinite(d))
            {
                return null;
            }

            v[i] = d;
        }

        return new PdfMatrix(v[0], v[1], v[2], v[3], v[4], v[5]);
    }
}
