using System.Text.RegularExpressions;

namespace LocalKernel.Rag.Code;

/// <summary>
/// Keeps only citations that exist: the file is inside the repository (by <see cref="RepositorySandbox"/>'s rules) and
/// readable, and the line range lies within it. Also finds <c>path:line-line</c> citations written in an answer.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed partial class CitationChecker(RepositorySandbox sandbox)
{
    private readonly RepositorySandbox _sandbox = sandbox ?? throw new ArgumentNullException(nameof(sandbox));

    /// <summary>Whether the citation points at existing lines of a readable file of the repository.</summary>
    public bool IsValid(CodeCitation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        if (citation.StartLine < 1 || citation.EndLine < citation.StartLine)
        {
            return false;
        }

        try
        {
            var full = _sandbox.ResolveFile(citation.Path);
            int lines = 0;
            foreach (var _ in File.ReadLines(full))
            {
                if (++lines >= citation.EndLine)
                {
                    return true;
                }
            }

            return false;
        }
        catch (RepositoryAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The valid citations among <paramref name="citations"/>, duplicates removed, order kept.</summary>
    public IReadOnlyList<CodeCitation> Filter(IEnumerable<CodeCitation> citations) => citations.Distinct().Where(IsValid).ToList();

    /// <summary>The <c>path:start-end</c> (or <c>path:line</c>, or <c>path#Lstart-Lend</c>) citations written in <paramref name="text"/>.</summary>
    public static IReadOnlyList<CodeCitation> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var citations = new List<CodeCitation>();
        foreach (Match match in Written().Matches(text))
        {
            if (int.TryParse(match.Groups["start"].Value, out int start))
            {
                int end = match.Groups["end"].Success && int.TryParse(match.Groups["end"].Value, out int e) ? e : start;
                citations.Add(new CodeCitation(StripDotSlash(match.Groups["path"].Value), start, end));
            }
        }

        return citations;
    }

    private static string StripDotSlash(string path) => path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;

    [GeneratedRegex(@"(?<path>[\w./\-]+\.[A-Za-z0-9]+)(?::|#L)(?<start>\d{1,7})(?:\s*[-–]\s*L?(?<end>\d{1,7}))?")]
    private static partial Regex Written();
}
