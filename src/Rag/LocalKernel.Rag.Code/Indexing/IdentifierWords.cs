using System.Text;
using System.Text.RegularExpressions;

namespace LocalKernel.Rag.Code;

/// <summary>
/// Turns code into words a full-text index can match: every identifier as written and its camelCase, PascalCase,
/// snake_case and acronym parts ("GGUFReader" → "ggufreader gguf reader"), so a question's plain words find identifiers.
/// </summary>
internal static partial class IdentifierWords
{
    /// <summary>The words of <paramref name="text"/> separated by spaces, lower-case.</summary>
    public static string Expand(string text)
    {
        var builder = new StringBuilder(text.Length + text.Length / 2);
        foreach (Match match in Identifier().Matches(text))
        {
            AppendWords(builder, match.Value);
        }

        return builder.ToString();
    }

    /// <summary>The lower-case parts of one identifier (without the identifier itself unless it has one part).</summary>
    public static IEnumerable<string> Parts(string identifier) =>
        Part().Matches(identifier).Select(m => m.Value.ToLowerInvariant()).Where(p => p.Length > 0);

    private static void AppendWords(StringBuilder builder, string identifier)
    {
        builder.Append(identifier.ToLowerInvariant()).Append(' ');
        var parts = Parts(identifier).ToList();
        if (parts.Count > 1)
        {
            foreach (var part in parts)
            {
                builder.Append(part).Append(' ');
            }
        }
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    // An acronym run ends before a capital followed by lower case ("GGUFReader" → GGUF, Reader); digits stay with letters.
    [GeneratedRegex(@"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")]
    private static partial Regex Part();
}
