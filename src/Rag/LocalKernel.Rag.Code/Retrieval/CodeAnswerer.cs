using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Code;

/// <summary>
/// Answers a question about a repository from its <see cref="CodeIndex"/>. With a chat model the answer is written from
/// numbered sources and must cite <c>path:start-end</c>; every citation it writes is checked against the files and
/// invented ones are dropped. Without a model the answer is extractive: the most relevant spans with their locations.
/// </summary>
/// <remarks>Thread-safe when the chat client is.</remarks>
public sealed partial class CodeAnswerer
{
    private const int PassageLinesShown = 12;
    private readonly CodeRetriever _retriever;
    private readonly CitationChecker _checker;
    private readonly IChatClient? _chatClient;

    /// <summary>Creates an answerer.</summary>
    /// <param name="index">The repository's index.</param>
    /// <param name="chatClient">Writes answers; null for extractive answers.</param>
    public CodeAnswerer(CodeIndex index, IChatClient? chatClient = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        _retriever = new CodeRetriever(index);
        _checker = new CitationChecker(new RepositorySandbox(index.Root));
        _chatClient = chatClient;
    }

    /// <summary>Answers <paramref name="question"/>.</summary>
    /// <param name="question">The question.</param>
    /// <param name="top">How many passages to retrieve.</param>
    /// <param name="options">Options for the chat model (ignored without one).</param>
    /// <param name="cancellationToken">Cancels retrieval and generation.</param>
    public async Task<CodeAnswer> AnswerAsync(string question, int top = 5, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var passages = await _retriever.RetrieveAsync(question, top, cancellationToken).ConfigureAwait(false);
        var located = _checker.Filter(passages.Select(p => new CodeCitation(p.Path, p.StartLine, p.EndLine)));
        if (passages.Count == 0)
        {
            return new CodeAnswer("Nothing in the index matches the question.", []);
        }

        if (_chatClient is null)
        {
            return new CodeAnswer(Extractive(passages), located) { Passages = passages };
        }

        var response = await _chatClient.GetResponseAsync(Prompt(question, passages), options, cancellationToken).ConfigureAwait(false);
        string text = response.Text;
        var written = CitationChecker.Parse(text).ToList();
        foreach (Match match in SourceNumber().Matches(text))
        {
            if (int.TryParse(match.Groups[1].Value, out int n) && n >= 1 && n <= passages.Count)
            {
                var p = passages[n - 1];
                written.Add(new CodeCitation(p.Path, p.StartLine, p.EndLine));
            }
        }

        var valid = _checker.Filter(written);
        var dropped = written.Distinct().Except(valid).ToList();
        // An answer that cites nothing real still rests on what was retrieved: point at that instead of at nothing.
        return new CodeAnswer(text.Trim(), valid.Count > 0 ? valid : located) { Passages = passages, DroppedCitations = dropped };
    }

    private static string Extractive(IReadOnlyList<CodePassage> passages)
    {
        var builder = new StringBuilder("No chat model is configured; the most relevant code:\n");
        foreach (var p in passages)
        {
            builder.Append('\n').Append(p.Location);
            if (p.Breadcrumb.Length > 0)
            {
                builder.Append("  (").Append(p.Breadcrumb).Append(')');
            }

            builder.Append('\n');
            var lines = p.Text.Split('\n');
            foreach (var line in lines.Take(PassageLinesShown))
            {
                builder.Append("    ").Append(line).Append('\n');
            }

            if (lines.Length > PassageLinesShown)
            {
                builder.Append("    …\n");
            }
        }

        return builder.ToString().TrimEnd();
    }

    private static List<ChatMessage> Prompt(string question, IReadOnlyList<CodePassage> passages)
    {
        var sources = new StringBuilder();
        for (int i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            sources.Append('[').Append(i + 1).Append("] ").Append(p.Location);
            if (p.Breadcrumb.Length > 0)
            {
                sources.Append(" (").Append(p.Breadcrumb).Append(')');
            }

            sources.Append("\n```\n").Append(p.Text).Append("\n```\n\n");
        }

        return
        [
            new ChatMessage(ChatRole.System,
                "You answer questions about a code repository using only the numbered sources below. Be brief and concrete. "
                + "Cite every claim with the location of its source exactly as given, in the form path:start-end. "
                + "If the sources do not answer the question, say so.\n\n" + sources),
            new ChatMessage(ChatRole.User, question),
        ];
    }

    [GeneratedRegex(@"\[(\d{1,2})\]")]
    private static partial Regex SourceNumber();
}
