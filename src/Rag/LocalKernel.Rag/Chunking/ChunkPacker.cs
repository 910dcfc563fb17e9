using System.Text;

namespace LocalKernel.Rag;

/// <summary>
/// Fills the chunks of one section. Units (whole blocks, or sentences, lines and words of a block too large for one
/// chunk) are appended while the composed text stays within the token limit, measured on the composed text since token
/// counts do not add up exactly. A full chunk is emitted, and the next one starts with the overlap taken from its end.
/// </summary>
internal sealed class ChunkPacker(ITokenCounter counter, int maxTokens, int overlapTokens, IReadOnlyList<string> path, List<DocumentChunk> output)
{
    /// <summary>Between blocks.</summary>
    public const string BlockSeparator = "\n\n";

    private readonly List<(string Separator, string Text)> _parts = [];
    private string? _overlap;
    private bool _overlapPlaced;
    private ChunkSpan? _span;
    private bool _lastIsLines;

    /// <summary>Whether the current chunk holds content of its own (not just overlap).</summary>
    public bool HasContent => _span is not null;

    /// <summary>Appends a unit if it fits into the current chunk; a pending overlap is dropped when only it is in the way.</summary>
    /// <param name="text">The unit.</param>
    /// <param name="separator">What joins it to the text before it: <see cref="BlockSeparator"/> for a new block, a
    /// space or a line break for the next piece of the same block.</param>
    /// <param name="span">Where the unit comes from.</param>
    /// <param name="lineOriented">Whether overlap taken after it should be whole lines (code, tables) rather than sentences.</param>
    public bool TryAppend(string text, string separator, ChunkSpan span, bool lineOriented)
    {
        if (_span is null && _overlap is not null && !_overlapPlaced)
        {
            _parts.Add((string.Empty, _overlap));
            _overlapPlaced = true;
        }

        if (Fits(Compose(text, separator)))
        {
            Add(text, separator, span, lineOriented);
            return true;
        }

        if (_span is null && _overlapPlaced)
        {
            // Overlap is a courtesy: the unit itself must fit.
            _parts.Clear();
            if (Fits(text))
            {
                Add(text, separator, span, lineOriented);
                return true;
            }
        }

        return false;
    }

    /// <summary>Emits a unit that fits nowhere (a single word longer than the limit) as a chunk of its own.</summary>
    public void AppendOversized(string text, ChunkSpan span)
    {
        Flush();
        _parts.Clear();
        _overlap = null;
        Add(text, string.Empty, span, lineOriented: false);
        Flush();
    }

    /// <summary>Emits the current chunk, if it holds more than overlap, and keeps its end as the next one's overlap.</summary>
    public void Flush()
    {
        if (_span is not { } span)
        {
            return;
        }

        string text = Compose(null, null);
        output.Add(new DocumentChunk(output.Count, text, path, counter.CountTokens(text), span.PageStart, span.PageEnd, span.LineStart, span.LineEnd));
        _overlap = overlapTokens > 0 ? OverlapTail(text, _lastIsLines) : null;
        _overlapPlaced = false;
        _parts.Clear();
        _span = null;
    }

    /// <summary>The next chunk starts without overlap (a table piece carries its header row instead).</summary>
    public void SuppressOverlap()
    {
        if (_span is null)
        {
            _overlap = null;
            _overlapPlaced = false;
            _parts.Clear();
        }
    }

    public bool Fits(string text) => counter.CountTokens(text) <= maxTokens;

    private void Add(string text, string separator, ChunkSpan span, bool lineOriented)
    {
        _parts.Add((separator, text));
        _span = _span is { } current ? current.Union(span) : span;
        _lastIsLines = lineOriented;
    }

    private string Compose(string? next, string? nextSeparator)
    {
        var sb = new StringBuilder();
        foreach (var (separator, text) in _parts)
        {
            if (sb.Length > 0)
            {
                sb.Append(separator.Length > 0 ? separator : BlockSeparator);
            }

            sb.Append(text);
        }

        if (next is not null)
        {
            if (sb.Length > 0)
            {
                sb.Append(nextSeparator is { Length: > 0 } ? nextSeparator : BlockSeparator);
            }

            sb.Append(next);
        }

        return sb.ToString();
    }

    /// <summary>The end of <paramref name="text"/> within the overlap budget: whole sentences (or lines of code and
    /// tables), or nothing when even the last one is too long. Never the last words of a sentence: a chunk that opens
    /// mid-sentence reads as a fragment in snippets and answers, which costs more than the overlap gains. (A "sentence"
    /// that is itself only the end of an over-long sentence, cut at words because it exceeds a whole chunk, may be taken.)</summary>
    private string? OverlapTail(string text, bool lineOriented)
    {
        var units = lineOriented ? TextSegmenter.Lines(text) : TextSegmenter.Sentences(text.Replace('\n', ' '));
        string separator = lineOriented ? "\n" : " ";
        string? tail = null;
        for (int i = units.Count - 1; i >= 0; i--)
        {
            string candidate = tail is null ? units[i] : units[i] + separator + tail;
            if (counter.CountTokens(candidate) > overlapTokens)
            {
                break;
            }

            tail = candidate;
        }

        return tail;
    }
}
