using System.Text.RegularExpressions;

namespace LocalKernel.Rag.Code;

/// <summary>The searchable parts of a question about code: its words (identifiers split into parts) and the identifiers as written.</summary>
internal sealed partial record CodeQuery(IReadOnlyList<string> Words, IReadOnlyList<string> Identifiers, bool MentionsTests, bool MentionsDocs)
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "of", "in", "on", "at", "to", "for", "from", "by", "with",
        "and", "or", "not", "no", "it", "its", "this", "that", "these", "those", "there", "here", "which", "what", "where", "when",
        "who", "whom", "why", "how", "does", "do", "did", "done", "can", "could", "should", "would", "will", "shall", "may", "might",
        "must", "has", "have", "had", "i", "we", "you", "they", "he", "she", "my", "our", "your", "their", "me", "us", "them", "into",
        "about", "as", "if", "then", "than", "so", "such", "any", "all", "each", "every", "some", "one", "get", "gets", "used", "use",
        "uses", "using", "happen", "happens", "handled", "handle", "code", "file", "files", "implemented", "implement", "defined",
        "define", "work", "works", "called", "call", "calls", "find", "show", "tell", "repository", "repo", "project",
    };

    /// <summary>Parses a question.</summary>
    public static CodeQuery Parse(string question)
    {
        var identifiers = new List<string>();
        var words = new List<string>();
        foreach (Match match in Token().Matches(question))
        {
            string token = match.Value;
            if (StopWords.Contains(token) || token.Length < 2)
            {
                continue;
            }

            identifiers.Add(token);
            words.Add(token.ToLowerInvariant());
            words.AddRange(IdentifierWords.Parts(token).Where(p => p.Length > 1 && !StopWords.Contains(p)));
        }

        bool tests = words.Any(w => w.StartsWith("test", StringComparison.Ordinal));
        bool docs = words.Any(w => w is "doc" or "docs" or "documentation" or "readme" or "documented" or "guide");
        return new CodeQuery(words.Distinct().ToList(), identifiers.Distinct().ToList(), tests, docs);
    }

    /// <summary>Whether a word of the question is written like an identifier: inner capitals, '_' or digits.</summary>
    public static bool LooksLikeCode(string word) =>
        word.Length >= 3 && (word.Skip(1).Any(char.IsUpper) || word.Contains('_', StringComparison.Ordinal) || word.Any(char.IsDigit));

    /// <summary>An FTS5 MATCH expression (quoted terms joined with OR), or null when there is nothing to search.</summary>
    public string? MatchExpression => Words.Count == 0 ? null : string.Join(" OR ", Words.Select(w => "\"" + w.Replace("\"", "\"\"") + "\""));

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Token();
}
