using System.Globalization;
using System.Text;

namespace LocalKernel.Rag;

/// <summary>
/// Splits user text into search terms the way FTS5's unicode61 tokenizer splits documents (runs of
/// letters, digits and combining marks), lower-cased, with English function words dropped.
/// </summary>
internal static class QueryTerms
{
    /// <summary>More terms than this add nothing to ranking but make a query slow.</summary>
    public const int MaxTerms = 64;

    // Words that carry no topic. Dropping them from the query hardly moves BM25 ranking (their IDF is
    // tiny) but matters for deciding that nothing matched: "what is the capital of Mars" must not match
    // every document that contains "the".
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my",
        "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then",
        "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us",
        "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "whose", "why",
        "will", "with", "would", "you", "your", "yours",
    };

    public static bool IsStopWord(string term) => StopWords.Contains(term);

    /// <summary>The terms of <paramref name="text"/> in order of (first) appearance, each once unless <paramref name="distinct"/> is false.</summary>
    public static List<string> Extract(string text, bool dropStopWords = true, int maxTerms = MaxTerms, bool distinct = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsTokenRune(rune))
            {
                current.Append(rune.ToString().ToLowerInvariant());
                continue;
            }

            if (!Flush())
            {
                return terms;
            }
        }

        Flush();
        return terms;

        bool Flush()
        {
            if (current.Length == 0)
            {
                return true;
            }

            var term = current.ToString();
            current.Clear();
            if ((!dropStopWords || !StopWords.Contains(term)) && (!distinct || seen.Add(term)))
            {
                terms.Add(term);
            }

            return terms.Count < maxTerms;
        }
    }

    private static bool IsTokenRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.PrivateUse => true,
        _ => false,
    };
}
