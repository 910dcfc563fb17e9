using System.Text;
using System.Text.RegularExpressions;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The text-level whitespace rules Hugging Face applies before tokenizing a chat template: one trailing newline
/// is dropped, <c>lstrip_blocks</c> and <c>trim_blocks</c> are on, and the <c>{% generation %}</c> markers that
/// only matter for training masks are removed. Every rule only deletes characters, so the result keeps a map
/// from each of its characters back to the original offset, for error positions.
/// </summary>
internal static partial class TemplatePreprocessor
{
    public static PreprocessedTemplate Process(string source)
    {
        var text = source;
        var map = new int[source.Length + 1];
        for (var i = 0; i <= source.Length; i++)
        {
            map[i] = i;
        }

        // keep_trailing_newline=False.
        if (text.EndsWith('\n'))
        {
            (text, map) = Delete(text, map, [text.Length - 1]);
        }

        (text, map) = Delete(text, map, LstripBlocks(text));
        (text, map) = Delete(text, map, TrimBlocks(text));
        (text, map) = Delete(text, map, GenerationMarkers(text));
        return new PreprocessedTemplate(text, map);
    }

    /// <summary>Spaces and tabs from the start of a line up to a <c>{%</c> or <c>{#</c> (and, as the reference does, <c>{-</c>).</summary>
    private static List<int> LstripBlocks(string text)
    {
        var deletions = new List<int>();
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var i = lineStart;
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i > lineStart && i + 1 < text.Length && text[i] == '{' && text[i + 1] is '#' or '%' or '-')
            {
                for (var j = lineStart; j < i; j++)
                {
                    deletions.Add(j);
                }
            }

            // JavaScript's multiline '^' matches after any line terminator, not only '\n'.
            while (i < text.Length && !JsWhitespace.IsLineTerminator(text[i]))
            {
                i++;
            }

            lineStart = i + 1;
        }

        return deletions;
    }

    /// <summary>The first newline after a block or comment tag (<c>%}</c>, <c>#}</c>, and <c>-}</c> as the reference has it).</summary>
    private static List<int> TrimBlocks(string text)
    {
        var deletions = new List<int>();
        for (var i = 0; i + 2 < text.Length; i++)
        {
            if (text[i] is '#' or '%' or '-' && text[i + 1] == '}' && text[i + 2] == '\n')
            {
                deletions.Add(i + 2);
                i += 2;
            }
        }

        return deletions;
    }

    private static List<int> GenerationMarkers(string text)
    {
        var deletions = new List<int>();
        foreach (Match match in GenerationMarker().Matches(text))
        {
            var before = match.Groups["before"];
            var after = match.Groups["after"];
            var stripBefore = match.Groups["lstrip"].Length > 0;
            var stripAfter = match.Groups["rstrip"].Length > 0;
            var tagStart = before.Index + before.Length;
            var tagEnd = after.Index;
            var from = stripBefore ? before.Index : tagStart;
            var to = stripAfter ? after.Index + after.Length : tagEnd;
            for (var i = from; i < to; i++)
            {
                deletions.Add(i);
            }
        }

        return deletions;
    }

    private static (string Text, int[] Map) Delete(string text, int[] map, List<int> deletions)
    {
        if (deletions.Count == 0)
        {
            return (text, map);
        }

        var builder = new StringBuilder(text.Length - deletions.Count);
        var newMap = new int[text.Length - deletions.Count + 1];
        var next = 0;
        var written = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (next < deletions.Count && deletions[next] == i)
            {
                next++;
                continue;
            }

            builder.Append(text[i]);
            newMap[written++] = map[i];
        }

        newMap[written] = map[text.Length];
        return (builder.ToString(), newMap);
    }

    [GeneratedRegex(
        "(?<before>[" + JsWhitespace.RegexClass + "]*)\\{%(?<lstrip>-?)[" + JsWhitespace.RegexClass + "]*(?:end)?generation[" +
        JsWhitespace.RegexClass + "]*(?<rstrip>-?)%\\}(?<after>[" + JsWhitespace.RegexClass + "]*)",
        RegexOptions.CultureInvariant)]
    private static partial Regex GenerationMarker();
}
