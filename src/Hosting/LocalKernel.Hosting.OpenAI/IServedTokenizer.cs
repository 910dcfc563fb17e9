namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// The tokenizer of a served chat model, for <c>/tokenize</c> and <c>/detokenize</c>. Microsoft.Extensions.AI has no
/// tokenizer contract, so the host passes one with the model (for a llama.cpp model: its own vocabulary).
/// </summary>
public interface IServedTokenizer
{
    /// <summary>The token ids of <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecial">Whether to add the model's special tokens (BOS) as a prompt would have them.</param>
    IReadOnlyList<int> Tokenize(string text, bool addSpecial);

    /// <summary>The text of a token id sequence.</summary>
    /// <exception cref="ArgumentException">An id is outside the vocabulary.</exception>
    string Detokenize(IReadOnlyList<int> tokens);

    /// <summary>The text of one token as the model writes it (may be part of a character).</summary>
    /// <exception cref="ArgumentException">The id is outside the vocabulary.</exception>
    string Piece(int token);
}
