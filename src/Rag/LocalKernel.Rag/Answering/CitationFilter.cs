using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LocalKernel.Rag;

/// <summary>
/// Checks the <c>[n]</c> markers of a streamed answer as it arrives. A marker may be split across
/// updates ("[1" then "2]"), so text that could still become a marker is held back until it is decided.
/// Markers naming a source that does not exist are removed (with the space before them); the valid ones
/// are kept and recorded in order of first citation. Brackets inside code (between backticks) or right
/// after a word character (<c>args[9]</c>) are indexing, not citations, and are left alone.
/// </summary>
internal sealed partial class CitationFilter(int sourceCount)
{
    // Longest text held while waiting for a marker to close; anything longer is not a citation.
    private const int MaxMarkerLength = 40;

    private readonly StringBuilder _pending = new();
    private readonly HashSet<int> _seen = [];
    private bool _inCode;
    private char _previous = ' ';

    public List<int> Cited { get; } = [];

    public List<int> Removed { get; } = [];

    /// <summary>Adds streamed text; returns the part that is safe to show now.</summary>
    public string Push(string text)
    {
        _pending.Append(text);
        return Drain(final: false);
    }

    /// <summary>Ends the stream; returns whatever was still held.</summary>
    public string Flush() => Drain(final: true);

    /// <summary>Filters a whole text at once.</summary>
    public string Filter(string text) => Push(text) + Flush();

    private string Drain(bool final)
    {
        var text = _pending.ToString();
        _pending.Clear();
        var output = new Emitter(this, text.Length);
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf('[', i);
            if (open < 0)
            {
                // Trailing spaces are held: if a removed marker follows, they go with it.
                int end = final ? text.Length : TrimSpacesEnd(text, i, text.Length);
                output.Append(text, i, end - i);
                _pending.Append(text, end, text.Length - end);
                break;
            }

            int spaces = TrimSpacesEnd(text, i, open);
            output.Append(text, i, spaces - i);
            if (_inCode || (spaces == open && IsWordChar(_previous)))
            {
                output.Append(text, spaces, open + 1 - spaces);
                i = open + 1;
                continue;
            }

            var match = Marker().Match(text, open);
            if (match.Success)
            {
                var kept = Check(match);
                if (kept is not null)
                {
                    output.Append(text, spaces, open - spaces);
                    output.Append(kept);
                }

                i = match.Index + match.Length;
                continue;
            }

            if (!final && text.Length - open <= MaxMarkerLength && PartialMarker().IsMatch(text.AsSpan(open)))
            {
                _pending.Append(text, spaces, text.Length - spaces);
                break;
            }

            output.Append(text, spaces, open + 1 - spaces);
            i = open + 1;
        }

        return output.ToString();
    }

    /// <summary>The marker to keep (rewritten without the invalid numbers), or null to drop it.</summary>
    private string? Check(Match match)
    {
        var valid = new List<int>();
        bool changed = match.Groups["word"].Success;
        foreach (Capture capture in match.Groups["n"].Captures)
        {
            int number = int.Parse(capture.Value, CultureInfo.InvariantCulture);
            if (number >= 1 && number <= sourceCount)
            {
                valid.Add(number);
                if (_seen.Add(number))
                {
                    Cited.Add(number);
                }
            }
            else
            {
                Removed.Add(number);
                changed = true;
            }
        }

        if (valid.Count == 0)
        {
            return null;
        }

        return changed ? string.Concat(valid.Select(n => "[" + n.ToString(CultureInfo.InvariantCulture) + "]")) : match.Value;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static int TrimSpacesEnd(string text, int start, int end)
    {
        while (end > start && text[end - 1] is ' ' or '\t')
        {
            end--;
        }

        return end;
    }

    /// <summary>Appends shown text and follows it: backticks toggle code, the last character decides what a bracket after it means.</summary>
    private readonly struct Emitter(CitationFilter filter, int capacity)
    {
        private readonly StringBuilder _builder = new(capacity);

        public void Append(string text, int start, int count) => Append(text.AsSpan(start, count));

        public void Append(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                if (c == '`')
                {
                    filter._inCode = !filter._inCode;
                }

                filter._previous = c;
            }

            _builder.Append(text);
        }

        public override string ToString() => _builder.ToString();
    }

    [GeneratedRegex(@"\G\[\s*(?<word>(?i:sources?)\s*)?(?<n>\d{1,4})(?:\s*[,;]\s*(?<n>\d{1,4}))*\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex(@"^\[\s*(?:(?i:s(?:o(?:u(?:r(?:c(?:e(?:s)?)?)?)?)?)?)\s*)?(?:\d{1,4}(?:\s*[,;]\s*\d{0,4})*)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PartialMarker();
}
