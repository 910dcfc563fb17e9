using System.ComponentModel;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Code;

/// <summary>
/// Read-only tools over one repository for a model or an MCP client: <c>search_code</c>, <c>find_symbol</c>,
/// <c>find_references</c>, <c>read_file</c>, <c>list_directory</c> and <c>grep</c>. Every path goes through a
/// <see cref="RepositorySandbox"/>, so nothing outside the root is ever read; a refused path or a bad argument comes
/// back as a result starting with "error:" that says why (a model can correct itself), and every result is capped.
/// </summary>
/// <remarks>Thread-safe. Nothing is written, executed or fetched.</remarks>
public sealed class RepositoryTools
{
    private readonly CodeIndex _index;
    private readonly CodeRetriever _retriever;
    private readonly RepositorySandbox _sandbox;
    private readonly RepositoryWalker _walker = new();
    private readonly RepositoryToolOptions _options;

    /// <summary>Creates the tools over an index (whose root is the sandbox root).</summary>
    /// <param name="index">The repository's index.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    public RepositoryTools(CodeIndex index, RepositoryToolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        _index = index;
        _options = options ?? new RepositoryToolOptions();
        _retriever = new CodeRetriever(index);
        _sandbox = new RepositorySandbox(index.Root, _options.MaxFileBytesOrDefault);
    }

    /// <summary>The sandbox every path goes through.</summary>
    public RepositorySandbox Sandbox => _sandbox;

    /// <summary>The six tools as <see cref="AIFunction"/>s, named as above, for <c>ChatOptions.Tools</c> or an agent.</summary>
    public IList<AITool> CreateFunctions() =>
    [
        AIFunctionFactory.Create(SearchCodeAsync, "search_code", "Search the repository's code and docs for a question or keywords; returns the best spans as path:start-end with their text."),
        AIFunctionFactory.Create(FindSymbol, "find_symbol", "Find where a type, method, property or function is declared, by name; returns kind, qualified name and path:start-end."),
        AIFunctionFactory.Create(FindReferences, "find_references", "Find the lines that use a name (C# by syntax tree, other languages by whole word)."),
        AIFunctionFactory.Create(ReadFile, "read_file", "Read lines of a repository file with line numbers. Paths are relative to the repository root."),
        AIFunctionFactory.Create(ListDirectory, "list_directory", "List the files and folders of a repository folder ('.' for the root)."),
        AIFunctionFactory.Create(Grep, "grep", "Search repository files for a regular expression; returns path:line: text."),
    ];

    /// <summary><c>search_code</c>: the best spans for a question.</summary>
    public async Task<string> SearchCodeAsync(
        [Description("The question or keywords")] string query,
        [Description("How many results (1-10)")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return "error: the query is empty.";
        }

        var passages = await _retriever.RetrieveAsync(query, Math.Clamp(top, 1, 10), cancellationToken).ConfigureAwait(false);
        if (passages.Count == 0)
        {
            return "No code matches the query.";
        }

        var builder = new StringBuilder();
        foreach (var p in passages)
        {
            builder.Append(p.Location);
            if (p.Breadcrumb.Length > 0)
            {
                builder.Append(" (").Append(p.Breadcrumb).Append(')');
            }

            builder.Append('\n').Append(ToolOutput.Numbered(p.Text.Split('\n').Take(40), p.StartLine)).Append('\n');
        }

        return Cap(builder.ToString());
    }

    /// <summary><c>find_symbol</c>: declarations of a name.</summary>
    public string FindSymbol([Description("The name, e.g. GgufReader or Read; a trailing * finds names that start with it")] string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "error: the name is empty.";
        }

        bool prefix = name.EndsWith('*');
        var bare = name.TrimEnd('*').Trim();
        int dot = bare.LastIndexOf('.');
        string? container = dot > 0 ? bare[..dot] : null;
        bare = dot >= 0 ? bare[(dot + 1)..] : bare;
        if (bare.Length == 0)
        {
            return "error: the name is empty.";
        }

        var symbols = _index.FindSymbols(bare, _options.MaxMatchesOrDefault, prefix)
            .Where(s => container is null || s.Container.EndsWith(container, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return symbols.Count == 0
            ? $"No declaration named '{name}' is indexed."
            : Cap(string.Join('\n', symbols.Select(s => $"{s.Kind} {s.QualifiedName}  {s.Path}:{s.StartLine}-{s.EndLine}")));
    }

    /// <summary><c>find_references</c>: lines that use a name.</summary>
    public string FindReferences([Description("The name, e.g. LlamaModel or Tokenize")] string name)
    {
        if (string.IsNullOrWhiteSpace(name) || !Regex.IsMatch(name, @"^[\w$]+$"))
        {
            return "error: give one identifier (letters, digits, '_').";
        }

        var builder = new StringBuilder();
        int count = 0;
        foreach (var path in _walker.Walk(_sandbox.Root))
        {
            if (!TryReadText(path, out var text) || !text.Contains(name, StringComparison.Ordinal))
            {
                continue;
            }

            var hits = path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? ReferenceFinder.InCSharp(text, name) : ReferenceFinder.InText(text, name);
            foreach (var (line, content) in hits)
            {
                builder.Append(path).Append(':').Append(line).Append(": ").Append(Shorten(content)).Append('\n');
                if (++count >= _options.MaxMatchesOrDefault)
                {
                    return Cap(builder.Append($"… [stopped at {count} references]").ToString());
                }
            }
        }

        return count == 0 ? $"No references to '{name}' found." : Cap(builder.ToString());
    }

    /// <summary><c>read_file</c>: numbered lines of a file.</summary>
    public string ReadFile(
        [Description("Path relative to the repository root")] string path,
        [Description("First line, 1-based")] int startLine = 1,
        [Description("Last line (inclusive); 0 for as many as allowed")] int endLine = 0)
    {
        try
        {
            var full = _sandbox.ResolveFile(path);
            if (startLine < 1 || (endLine != 0 && endLine < startLine))
            {
                return $"error: lines {startLine}-{endLine} are not a valid range (1-based, start <= end).";
            }

            int last = endLine == 0 ? startLine + _options.MaxReadLinesOrDefault - 1 : Math.Min(endLine, startLine + _options.MaxReadLinesOrDefault - 1);
            var lines = File.ReadLines(full).Skip(startLine - 1).Take(last - startLine + 1).ToList();
            if (lines.Count == 0)
            {
                return $"error: '{path}' has fewer than {startLine} lines.";
            }

            return Cap($"{_sandbox.ToRelative(full)}:{startLine}-{startLine + lines.Count - 1}\n" + ToolOutput.Numbered(lines, startLine));
        }
        catch (RepositoryAccessException e)
        {
            return "error: " + e.Message;
        }
        catch (IOException e)
        {
            return $"error: '{path}' could not be read: {e.Message}";
        }
    }

    /// <summary><c>list_directory</c>: the entries of a folder (links are shown, never followed).</summary>
    public string ListDirectory([Description("Folder relative to the repository root; '.' for the root")] string path = ".")
    {
        try
        {
            var full = _sandbox.ResolveDirectory(path);
            var entries = new DirectoryInfo(full).EnumerateFileSystemInfos()
                .Where(e => e.Name != ".git")
                .OrderBy(e => e is FileInfo).ThenBy(e => e.Name, StringComparer.Ordinal)
                .Take(500)
                .Select(e => e.LinkTarget is not null ? $"{e.Name} -> (symbolic link, not followed)"
                    : e is DirectoryInfo ? e.Name + "/" : $"{e.Name}  ({((FileInfo)e).Length:N0} bytes)");
            var listing = string.Join('\n', entries);
            return Cap($"{_sandbox.ToRelative(full)}/\n" + (listing.Length == 0 ? "(empty)" : listing));
        }
        catch (RepositoryAccessException e)
        {
            return "error: " + e.Message;
        }
        catch (IOException e)
        {
            return $"error: '{path}' could not be listed: {e.Message}";
        }
    }

    /// <summary><c>grep</c>: lines matching a regular expression.</summary>
    public string Grep(
        [Description("A .NET regular expression")] string pattern,
        [Description("Folder or file to search, relative to the root; '.' for everything")] string path = ".",
        [Description("Ignore case")] bool ignoreCase = false)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), TimeSpan.FromMilliseconds(250));
        }
        catch (ArgumentException e)
        {
            return "error: not a valid regular expression: " + e.Message;
        }

        string scope;
        try
        {
            scope = _sandbox.ToRelative(_sandbox.Resolve(string.IsNullOrWhiteSpace(path) ? "." : path));
        }
        catch (RepositoryAccessException e)
        {
            return "error: " + e.Message;
        }

        var builder = new StringBuilder();
        int count = 0;
        foreach (var file in _walker.Walk(_sandbox.Root).Where(f => scope == "." || f == scope || f.StartsWith(scope + "/", StringComparison.Ordinal)))
        {
            if (!TryReadText(file, out var text))
            {
                continue;
            }

            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                try
                {
                    if (!regex.IsMatch(lines[i]))
                    {
                        continue;
                    }
                }
                catch (RegexMatchTimeoutException)
                {
                    return Cap(builder.Append("error: the pattern is too slow to evaluate; simplify it.").ToString());
                }

                builder.Append(file).Append(':').Append(i + 1).Append(": ").Append(Shorten(lines[i].Trim())).Append('\n');
                if (++count >= _options.MaxMatchesOrDefault)
                {
                    return Cap(builder.Append($"… [stopped at {count} matches]").ToString());
                }
            }
        }

        return count == 0 ? "No matches." : Cap(builder.ToString());
    }

    private bool TryReadText(string relativePath, out string text)
    {
        text = string.Empty;
        try
        {
            text = File.ReadAllText(_sandbox.ResolveFile(relativePath)).Replace("\r\n", "\n");
            return true;
        }
        catch (Exception e) when (e is RepositoryAccessException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Shorten(string line) => line.Length > 200 ? line[..200] + " …" : line;

    private string Cap(string text) => ToolOutput.Cap(text, _options.MaxOutputCharsOrDefault);
}
