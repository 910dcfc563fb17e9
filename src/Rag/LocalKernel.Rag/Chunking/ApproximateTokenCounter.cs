namespace LocalKernel.Rag;

/// <summary>
/// A model-free estimate for BM25-only setups: about 4 characters per token for English text (the usual
/// figure for BPE/SentencePiece vocabularies), at least one token per word.
/// </summary>
public sealed class ApproximateTokenCounter : ITokenCounter
{
    /// <summary>The shared instance.</summary>
    public static ApproximateTokenCounter Instance { get; } = new();

    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int words = 0;
        bool inWord = false;
        foreach (var c in text)
        {
            bool letter = !char.IsWhiteSpace(c);
            if (letter && !inWord)
            {
                words++;
            }

            inWord = letter;
        }

        return Math.Max(words, (text.Length + 3) / 4);
    }
}
