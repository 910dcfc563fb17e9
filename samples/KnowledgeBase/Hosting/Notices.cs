namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// The one-line notices of degraded modes ("no chat model: …") on stderr. <c>--quiet</c> silences them. When stdout is
/// not a terminal (a script, a pipe, a log), each notice is shown once per store rather than on every call: a script
/// asking a thousand questions needs to learn it once, not a thousand times. What was shown is remembered in
/// <c>$KB_STATE_DIR</c>, else <c>$XDG_STATE_HOME/kb</c>, else <c>~/.local/state/kb</c>; if that cannot be written the
/// notice is simply shown again.
/// </summary>
internal sealed class Notices
{
    private const string ShownFile = "notices-shown.tsv";

    private readonly TextWriter _writer;
    private readonly bool _quiet;
    private readonly string? _once;

    private Notices(TextWriter writer, bool quiet, string? once)
    {
        _writer = writer;
        _quiet = quiet;
        _once = once;
    }

    /// <summary>Whether <c>--quiet</c> was given: only errors and failures are reported.</summary>
    public bool Quiet => _quiet;

    /// <summary>Every notice, every time, on <paramref name="writer"/>.</summary>
    public static Notices Always(TextWriter writer) => new(writer, quiet: false, once: null);

    /// <summary>The notices of a command run on <paramref name="store"/>: none when quiet, once per store when stdout is redirected.</summary>
    public static Notices For(string? store, bool quiet) =>
        new(Console.Error, quiet, Console.IsOutputRedirected && store is not null ? Path.GetFullPath(store) : null);

    /// <summary>Shows <paramref name="message"/> unless quiet, or already shown for this store when only once is wanted.</summary>
    public void Write(string key, string message)
    {
        if (_quiet || (_once is not null && !FirstTime(key, _once)))
        {
            return;
        }

        _writer.WriteLine(message);
    }

    private static bool FirstTime(string key, string store)
    {
        try
        {
            var folder = StateFolder();
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, ShownFile);
            var entry = key + "\t" + store;
            if (File.Exists(file) && File.ReadLines(file).Contains(entry, StringComparer.Ordinal))
            {
                return false;
            }

            File.AppendAllLines(file, [entry]);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static string StateFolder()
    {
        if (Environment.GetEnvironmentVariable("KB_STATE_DIR") is { Length: > 0 } explicitFolder)
        {
            return explicitFolder;
        }

        if (Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state)
        {
            return Path.Combine(state, "kb");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "kb");
    }
}
