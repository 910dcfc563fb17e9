using System.Text.Json;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>How far a piece of text matches an expected string.</summary>
internal enum TextMatch
{
    /// <summary>It does not.</summary>
    No,

    /// <summary>The text ends before the expected string does, and agrees so far.</summary>
    Partial,

    /// <summary>The whole expected string is there.</summary>
    Yes,
}

/// <summary>What a JSON scan found.</summary>
internal enum JsonScan
{
    Complete,
    Incomplete,
    Invalid,
}

/// <summary>Small scanning helpers shared by the tool-call syntaxes; all work on a string and a position.</summary>
internal static class ToolCallText
{
    public static TextMatch Match(string text, int position, string expected)
    {
        int available = text.Length - position;
        if (available >= expected.Length)
        {
            return string.CompareOrdinal(text, position, expected, 0, expected.Length) == 0 ? TextMatch.Yes : TextMatch.No;
        }

        return string.CompareOrdinal(text, position, expected, 0, available) == 0 ? TextMatch.Partial : TextMatch.No;
    }

    public static int SkipWhitespace(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    /// <summary>Skips an opening Markdown code fence (```json or ```) and the line break after it, if there is one.</summary>
    /// <returns>The position after the fence, or -1 when the text ends inside what may still become a fence.</returns>
    public static int SkipOpeningFence(string text, int position)
    {
        foreach (var fence in (string[])["```json", "```"])
        {
            switch (Match(text, position, fence))
            {
                case TextMatch.Yes:
                    int after = position + fence.Length;
                    if (fence == "```" && Match(text, after, "json") == TextMatch.Partial)
                    {
                        return -1;
                    }

                    return SkipWhitespace(text, after);
                case TextMatch.Partial:
                    return -1;
            }
        }

        return position;
    }

    /// <summary>
    /// Finds where the JSON value starting at <paramref name="start"/> (after whitespace) ends. Objects, arrays and
    /// strings are complete at their closing character; a bare number or literal only when something follows it.
    /// </summary>
    public static JsonScan ScanJson(string text, int start, out int valueStart, out int end)
    {
        int i = SkipWhitespace(text, start);
        valueStart = i;
        end = -1;
        if (i >= text.Length)
        {
            return JsonScan.Incomplete;
        }

        char first = text[i];
        if (first is '{' or '[')
        {
            var closers = new Stack<char>();
            bool inString = false, escaped = false;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (c == '\\')
                    {
                        escaped = true;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                switch (c)
                {
                    case '"': inString = true; break;
                    case '{': closers.Push('}'); break;
                    case '[': closers.Push(']'); break;
                    case '}' or ']':
                        if (closers.Pop() != c)
                        {
                            return JsonScan.Invalid;
                        }

                        if (closers.Count == 0)
                        {
                            end = i + 1;
                            return JsonScan.Complete;
                        }

                        break;
                }
            }

            return JsonScan.Incomplete;
        }

        if (first == '"')
        {
            for (i++; i < text.Length; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == '"')
                {
                    end = i + 1;
                    return JsonScan.Complete;
                }
            }

            return JsonScan.Incomplete;
        }

        if (first is '-' or (>= '0' and <= '9') or 't' or 'f' or 'n')
        {
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '+' or '.'))
            {
                i++;
            }

            end = i;
            return i < text.Length ? JsonScan.Complete : JsonScan.Incomplete;
        }

        return JsonScan.Invalid;
    }

    /// <summary>Parses text[start..end) as JSON, or returns null when it is not JSON.</summary>
    public static JsonElement? ParseJson(string text, int start, int end)
    {
        try
        {
            using var document = JsonDocument.Parse(text.AsMemory(start, end - start));
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The length of the longest end of <paramref name="text"/> (from <paramref name="from"/>) that begins one of <paramref name="markers"/>.</summary>
    public static int PartialMarkerSuffix(string text, int from, IReadOnlyList<string> markers)
    {
        int longest = 0;
        foreach (var marker in markers)
        {
            for (int length = Math.Min(marker.Length - 1, text.Length - from); length > longest; length--)
            {
                if (string.CompareOrdinal(text, text.Length - length, marker, 0, length) == 0)
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }

    /// <summary>The first occurrence of any marker at or after <paramref name="from"/>.</summary>
    public static (int Index, string? Marker) FindFirst(string text, int from, IReadOnlyList<string> markers)
    {
        int best = -1;
        string? found = null;
        foreach (var marker in markers)
        {
            int index = text.IndexOf(marker, from, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best || (index == best && marker.Length > found!.Length)))
            {
                best = index;
                found = marker;
            }
        }

        return (best, found);
    }
}
