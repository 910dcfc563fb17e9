namespace LocalKernel.Rag;

/// <summary>Keeps the breadcrumb of open headings while an extractor walks a document in order.</summary>
internal sealed class HeadingTracker
{
    private readonly List<(int Level, string Text)> _open = [];
    private IReadOnlyList<string> _path = [];

    /// <summary>The headings above the current position, outermost first.</summary>
    public IReadOnlyList<string> Path => _path;

    /// <summary>Closes headings at <paramref name="level"/> or deeper and returns the path above the new heading;
    /// the new heading is then open for the blocks that follow.</summary>
    public IReadOnlyList<string> Enter(int level, string text)
    {
        while (_open.Count > 0 && _open[^1].Level >= level)
        {
            _open.RemoveAt(_open.Count - 1);
        }

        var above = _open.Select(h => h.Text).ToArray();
        _open.Add((level, text));
        _path = _open.Select(h => h.Text).ToArray();
        return above;
    }
}
