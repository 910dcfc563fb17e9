namespace LocalKernel.Bench;

/// <summary>Which tokens count as words.</summary>
internal enum PdfWordCounting
{
    /// <summary>Every token except lone list bullets and table bars; bidi embeddings separate words.</summary>
    Words,

    /// <summary>Only tokens with a letter or digit: punctuation standing alone (a formula's "=", a dash) does not count.</summary>
    LettersOrDigits,

    /// <summary>As this benchmark counted until session 5, for comparing with the figures of that time: table bars
    /// counted as words, bidi embeddings deleted (gluing pdftotext's numbers onto the next word).</summary>
    Earlier,
}
