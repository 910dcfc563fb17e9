namespace LocalKernel.Rag;

/// <summary>
/// Estimates how deeply an HTML document nests elements from its tags alone, without building a tree: void elements and
/// elements whose end tag is optional (li, p, td, ...) do not count, comments and raw-text elements are skipped. Real
/// pages stay far below the limits this guards; the estimate only has to catch documents built to be deep.
/// </summary>
internal static class HtmlNesting
{
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
        "li", "p", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "!doctype",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "textarea", "title", "xmp" };

    /// <summary>Whether the start tags in <paramref name="html"/> nest deeper than <paramref name="maxDepth"/>.</summary>
    public static bool ExceedsDepth(ReadOnlySpan<byte> html, int maxDepth)
    {
        int depth = 0;
        int i = 0;
        while (i < html.Length)
        {
            int lt = html[i..].IndexOf((byte)'<');
            if (lt < 0)
            {
                break;
            }

            i += lt + 1;
            if (html[i..].StartsWith("!--"u8))
            {
                int end = html[i..].IndexOf("-->"u8);
                i = end < 0 ? html.Length : i + end + 3;
                continue;
            }

            bool closing = i < html.Length && html[i] == '/';
            int nameStart = closing ? i + 1 : i;
            int nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit((char)html[nameEnd]) || html[nameEnd] is (byte)'-' or (byte)'!' or (byte)':'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart)
            {
                continue; // "<" in text
            }

            string name = System.Text.Encoding.ASCII.GetString(html[nameStart..nameEnd]);
            int tagEnd = html[nameEnd..].IndexOf((byte)'>');
            tagEnd = tagEnd < 0 ? html.Length : nameEnd + tagEnd;
            bool selfClosing = tagEnd > 0 && tagEnd < html.Length && html[tagEnd - 1] == '/';
            i = Math.Min(html.Length, tagEnd + 1);
            if (closing)
            {
                if (!NotNesting.Contains(name) && depth > 0)
                {
                    depth--;
                }

                continue;
            }

            if (RawText.Contains(name))
            {
                // Skip to the matching end tag: scripts may contain "<div>" in strings.
                var endTag = System.Text.Encoding.ASCII.GetBytes("</" + name.ToLowerInvariant());
                int end = IndexOfIgnoreCase(html[i..], endTag);
                i = end < 0 ? html.Length : i + end;
                continue;
            }

            if (!selfClosing && !NotNesting.Contains(name) && ++depth > maxDepth)
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> haystack, byte[] needle)
    {
        for (int k = 0; k + needle.Length <= haystack.Length; k++)
        {
            int j = 0;
            while (j < needle.Length && (haystack[k + j] | 0x20) == (needle[j] | 0x20))
            {
                j++;
            }

            if (j == needle.Length)
            {
                return k;
            }
        }

        return -1;
    }
}
