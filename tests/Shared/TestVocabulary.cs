namespace LocalKernel.Testing;

/// <summary>
/// A small SentencePiece ("llama") vocabulary that llama.cpp loads and tokenizes any text with: the special
/// tokens, 256 byte-fallback tokens for anything not covered, ChatML control tokens, and a few hundred
/// ▁-prefixed English pieces. Every prefix of every word is a piece too, because SentencePiece merges two
/// adjacent pieces only when their concatenation is in the vocabulary; scores grow with length so longer
/// pieces win.
/// </summary>
internal sealed class TestVocabulary
{
    public const int UnknownId = 0;
    public const int BosId = 1;
    public const int EosId = 2;
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    // llama.h enum llama_token_type.
    public const int TypeNormal = 1;
    public const int TypeUnknown = 2;
    public const int TypeControl = 3;
    public const int TypeByte = 6;

    private const char SpaceMarker = '\u2581'; // "▁", SentencePiece's escaped space

    private static readonly string[] Words =
    [
        "the", "a", "an", "and", "or", "but", "if", "then", "so", "because", "of", "to", "in", "on", "at", "by", "for",
        "with", "from", "about", "as", "into", "over", "after", "before", "under", "between", "through", "is", "are",
        "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "will", "would", "can",
        "could", "should", "may", "might", "must", "not", "no", "yes", "this", "that", "these", "those", "it", "its",
        "he", "she", "they", "we", "you", "i", "me", "him", "her", "them", "us", "my", "your", "his", "their", "our",
        "what", "which", "who", "when", "where", "why", "how", "all", "any", "some", "many", "much", "more", "most",
        "other", "such", "only", "own", "same", "very", "just", "also", "now", "here", "there", "up", "down", "out",
        "one", "two", "three", "four", "five", "first", "last", "new", "old", "good", "great", "little", "big",
        "small", "long", "time", "day", "year", "way", "thing", "man", "woman", "child", "world", "life", "hand",
        "part", "place", "case", "week", "work", "system", "program", "question", "answer", "number", "file",
        "data", "model", "text", "word", "name", "user", "assistant", "hello", "please", "thank", "help", "know",
        "think", "make", "take", "see", "come", "go", "get", "give", "find", "tell", "ask", "use", "want", "look",
        "like", "need", "feel", "try", "call", "keep", "let", "begin", "seem", "show", "hear", "play", "run", "move",
        "live", "believe", "write", "read", "learn", "say", "said", "once", "upon", "happy", "sad", "cat", "dog",
        "bird", "tree", "house", "sun", "water", "friend", "mom", "dad", "love", "story", "park", "ball", "red",
        "blue", "green", "fun", "toy", "again", "away", "every", "never", "always", "today", "tomorrow", "yesterday",
        "document", "search", "result", "source", "code", "function", "error", "value", "list", "table", "page",
    ];

    private static readonly string[] SentenceStarters =
    [
        "the", "a", "once", "he", "she", "it", "they", "we", "you", "i", "this", "that", "there", "what", "how",
        "why", "when", "where", "who", "hello", "please", "yes", "no", "thank", "one", "then", "but", "and",
    ];

    private static readonly string Singles = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'\":;-()";

    private TestVocabulary(List<string> tokens, List<float> scores, List<int> types)
    {
        Tokens = tokens;
        Scores = scores;
        TokenTypes = types;
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<float> Scores { get; }

    public IReadOnlyList<int> TokenTypes { get; }

    public int Count => Tokens.Count;

    public int ImStartId => IndexOf(ImStart);

    public int ImEndId => IndexOf(ImEnd);

    /// <summary>The vocabulary of the natural size (no fillers).</summary>
    public static int NaturalSize { get; } = Create(null).Count;

    /// <summary>Builds the vocabulary, padded with filler pieces that tokenization never produces up to <paramref name="size"/> if given.</summary>
    public static TestVocabulary Create(int? size)
    {
        var tokens = new List<string>();
        var scores = new List<float>();
        var types = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(string text, float score, int type)
        {
            if (seen.Add(text))
            {
                tokens.Add(text);
                scores.Add(score);
                types.Add(type);
            }
        }

        Add("<unk>", 0, TypeUnknown);
        Add("<s>", 0, TypeControl);
        Add("</s>", 0, TypeControl);
        for (var b = 0; b < 256; b++)
        {
            Add($"<0x{b:X2}>", 0, TypeByte); // the spelling llama.cpp's byte_to_token looks up
        }

        Add(ImStart, 0, TypeControl);
        Add(ImEnd, 0, TypeControl);

        Add(SpaceMarker.ToString(), 1, TypeNormal);
        foreach (var c in Singles)
        {
            Add(c.ToString(), 1, TypeNormal);
        }

        foreach (var word in Words)
        {
            var piece = SpaceMarker + word;
            for (var length = 2; length <= piece.Length; length++)
            {
                Add(piece[..length], length, TypeNormal);
            }

        }

        // Capitalised forms of common sentence starters.
        foreach (var word in SentenceStarters)
        {
            var piece = SpaceMarker + char.ToUpperInvariant(word[0]).ToString() + word[1..];
            for (var length = 2; length <= piece.Length; length++)
            {
                Add(piece[..length], length, TypeNormal);
            }
        }

        if (size is { } wanted)
        {
            if (wanted < tokens.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(size), wanted, $"The test vocabulary needs at least {tokens.Count} tokens.");
            }

            // Fillers are never produced by tokenization: "▁~" is not a piece, so no merge chain reaches them.
            // They only give the embedding and output matrices a realistic size.
            for (var i = 0; tokens.Count < wanted; i++)
            {
                Add($"{SpaceMarker}~{i}", -1, TypeNormal);
            }
        }

        return new TestVocabulary(tokens, scores, types);
    }

    public int IndexOf(string token)
    {
        for (var i = 0; i < Tokens.Count; i++)
        {
            if (Tokens[i] == token)
            {
                return i;
            }
        }

        return -1;
    }
}
