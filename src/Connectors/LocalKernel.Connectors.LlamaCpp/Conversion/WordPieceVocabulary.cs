namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A BERT WordPiece vocabulary in the form llama.cpp's <c>bert</c> tokenizer reads: word-initial pieces carry
/// the "▁" marker, continuation pieces lose their "##", bracketed tokens stay as they are, and the five special
/// tokens are control tokens.
/// </summary>
internal sealed class WordPieceVocabulary
{
    public const int NormalType = 1;
    public const int ControlType = 3;
    private static readonly string[] s_special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private WordPieceVocabulary(string[] tokens, int[] types, Dictionary<string, int> specials, bool lowercase)
    {
        Tokens = tokens;
        TokenTypes = types;
        SpecialIds = specials;
        Lowercase = lowercase;
    }

    public string[] Tokens { get; }

    public int[] TokenTypes { get; }

    /// <summary>Ids of [PAD], [UNK], [CLS], [SEP] and [MASK] that the vocabulary has.</summary>
    public IReadOnlyDictionary<string, int> SpecialIds { get; }

    /// <summary>Whether the vocabulary is uncased (hardly any token has an upper-case ASCII letter).</summary>
    public bool Lowercase { get; }

    /// <exception cref="ModelConversionException">A required special token is missing, or the vocabulary is cased.</exception>
    public static WordPieceVocabulary FromLines(IReadOnlyList<string> lines)
    {
        var tokens = new string[lines.Count];
        var types = new int[lines.Count];
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        int casedTokens = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var token = lines[i];
            bool bracketed = token.Length > 2 && token[0] == '[' && token[^1] == ']';
            if (s_special.Contains(token) && !specials.ContainsKey(token))
            {
                specials[token] = i;
                types[i] = ControlType;
            }
            else
            {
                types[i] = NormalType;
                casedTokens += !bracketed && token.Any(char.IsAsciiLetterUpper) ? 1 : 0;
            }

            tokens[i] = bracketed ? token : token.StartsWith("##", StringComparison.Ordinal) ? token[2..] : "\u2581" + token;
        }

        foreach (var required in new[] { "[UNK]", "[CLS]", "[SEP]" })
        {
            if (!specials.ContainsKey(required))
            {
                throw new ModelConversionException($"The vocabulary has no {required} token.", required);
            }
        }

        // llama.cpp's WordPiece tokenizer always lower-cases and strips accents: a cased vocabulary would
        // silently tokenize differently from the model's own tokenizer.
        if (casedTokens > lines.Count / 100)
        {
            throw new ModelConversionException(
                "The vocabulary is cased; llama.cpp's bert tokenizer lower-cases every input, so it would not match this model.", "uncased vocabulary");
        }

        return new WordPieceVocabulary(tokens, types, specials, lowercase: true);
    }
}
