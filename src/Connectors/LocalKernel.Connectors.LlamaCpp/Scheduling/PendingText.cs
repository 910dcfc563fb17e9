using System.Diagnostics;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Text a sequence generated that its reader has not been handed yet. Every hand-over wakes the reader's thread
/// (a thread-pool hop, then the caller's own continuation), which costs more CPU than a small model spends on a
/// token: stories260K generates a token every ~0.25 ms, so handing each token over on its own made the chat client
/// compete with its own decoding thread for the cores. The first text goes out at once (time to first token is
/// untouched); later text is handed over when <see cref="Interval"/> has passed since the last hand-over, or when the
/// generation ends — a model slower than that still streams every token as it comes. Touched only by the scheduler thread.
/// </summary>
internal sealed class PendingText(TimeSpan interval)
{
    /// <summary>The default hand-over interval: well under a display frame (16 ms), so streaming looks the same.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(8);

    private readonly StringBuilder _text = new();
    private long _lastHandOver;
    private bool _handedOver;

    public TimeSpan Interval { get; } = interval;

    /// <summary>Adds text; returns what should be handed over now, or null to keep collecting.</summary>
    public string? Add(string text)
    {
        _text.Append(text);
        if (_text.Length == 0)
        {
            return null;
        }

        long now = Stopwatch.GetTimestamp();
        if (_handedOver && Stopwatch.GetElapsedTime(_lastHandOver, now) < Interval)
        {
            return null;
        }

        _handedOver = true;
        _lastHandOver = now;
        return Take();
    }

    /// <summary>Everything not handed over yet (empty when nothing is pending).</summary>
    public string Take()
    {
        var text = _text.ToString();
        _text.Clear();
        return text;
    }
}
