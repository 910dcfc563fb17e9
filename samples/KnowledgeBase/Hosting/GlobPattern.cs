using System.Text;
using System.Text.RegularExpressions;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// A file glob for <c>--include</c>/<c>--exclude</c>: <c>*</c> matches within a folder name, <c>**</c> across folders,
/// <c>?</c> one character. A pattern without '/' matches the file name alone (<c>*.md</c>); one with '/' matches the
/// path relative to the ingested folder (<c>drafts/**</c>).
/// </summary>
internal sealed class GlobPattern
{
    private readonly Regex _regex;
    private readonly bool _matchesNameOnly;

    public GlobPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = pattern;
        var normalized = pattern.Replace('\\', '/').TrimStart('/');
        _matchesNameOnly = !normalized.Contains('/');
        _regex = new Regex(ToRegex(normalized), RegexOptions.CultureInvariant | (OperatingSystem.IsLinux() ? RegexOptions.None : RegexOptions.IgnoreCase));
    }

    public string Pattern { get; }

    /// <param name="relativePath">The file's path relative to the folder given to <c>kb ingest</c> (its name for a file given directly).</param>
    public bool IsMatch(string relativePath)
    {
        var path = relativePath.Replace('\\', '/');
        return _regex.IsMatch(_matchesNameOnly ? Path.GetFileName(path) : path);
    }

    private static string ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" also matches no folder at all, so "docs/**/*.md" takes docs/a.md.
                bool slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return regex.Append('$').ToString();
    }
}
