namespace LocalKernel.Bench;

/// <summary>Word recall and precision against a reference, and the share of its word bigrams kept
/// (<see cref="PdfTextMetrics"/>).</summary>
internal sealed record PdfScores(double Recall, double Precision, double Order);
