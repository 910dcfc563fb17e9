using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Turns generated token bytes into text that is safe to emit: UTF-8 characters split across tokens come
/// out whole, and text that might be the start of a stop sequence is held back until it is known not to be
/// one, so a stop sequence is never emitted even when it spans several tokens. One per generation; not thread-safe.
/// </summary>
internal sealed class TokenTextStream
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly string[] _stops;
    private readonly StringBuilder _pending = new();
    private char[] _chars = new char[64];

    public TokenTextStream(IEnumerable<string>? stopSequences)
    {
        _stops = stopSequences?.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray() ?? [];
    }

    /// <summary>True once a stop sequence has been seen; later input is ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds the bytes of one token and returns the text that can be emitted now (possibly empty).</summary>
    public string Push(ReadOnlySpan<byte> tokenBytes)
    {
        if (Stopped)
        {
            return string.Empty;
        }

        if (_chars.Length < tokenBytes.Length + 4)
        {
            _chars = new char[tokenBytes.Length + 4];
        }

        int count = _decoder.GetChars(tokenBytes, _chars, flush: false);
        _pending.Append(_chars, 0, count);
        return Release();
    }

    /// <summary>Ends the stream: returns whatever is still held back (an incomplete character becomes U+FFFD).</summary>
    public string Flush()
    {
        if (Stopped)
        {
            return string.Empty;
        }

        int count = _decoder.GetChars([], _chars, flush: true);
        _pending.Append(_chars, 0, count);
        var rest = Release();
        var held = _pending.ToString();
        _pending.Clear();
        return rest + held;
    }

    private string Release()
    {
        if (_stops.Length == 0)
        {
            var all = _pending.ToString();
            _pending.Clear();
            return all;
        }

        var text = _pending.ToString();
        int stopAt = FirstStop(text);
        if (stopAt >= 0)
        {
            Stopped = true;
            _pending.Clear();
            return text[..stopAt];
        }

        int keep = LongestSuffixThatStartsAStop(text);
        _pending.Clear().Append(text, text.Length - keep, keep);
        return text[..^keep];
    }

    private int FirstStop(string text)
    {
        int first = -1;
        foreach (var stop in _stops)
        {
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        return first;
    }

    private int LongestSuffixThatStartsAStop(string text)
    {
        int longest = 0;
        foreach (var stop in _stops)
        {
            for (int length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
