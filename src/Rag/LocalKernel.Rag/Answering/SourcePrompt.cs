using System.Text;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag;

/// <summary>Builds the chat messages: instructions, then the numbered sources that fit the token budget, then the question.</summary>
internal static class SourcePrompt
{
    // Chat templates add role markers and separators around each message; this covers them.
    private const int TemplateOverhead = 16;

    public static (List<ChatMessage> Messages, List<RetrievedPassage> Sources) Build(string question, IReadOnlyList<RetrievedPassage> passages, AnswerOptions options)
    {
        var counter = options.TokenCounterOrDefault;
        int budget = options.MaxPromptTokensOrDefault;
        var instructions = options.InstructionsOrDefault;
        var questionBlock = "Question: " + question;
        int used = counter.CountTokens(instructions) + counter.CountTokens("Sources:\n\n") + counter.CountTokens(questionBlock) + TemplateOverhead;
        if (used > budget)
        {
            throw new ArgumentException($"The question alone needs about {used} prompt tokens; the budget is {budget} (AnswerOptions.MaxPromptTokens).", nameof(question));
        }

        var sources = new List<RetrievedPassage>();
        var body = new StringBuilder("Sources:\n\n");
        foreach (var passage in passages)
        {
            var header = $"[{sources.Count + 1}] {Header(passage)}\n";

            // One source per document: all its retrieved passages in document order when they fit, else its best one.
            var block = header + string.Join("\n[…]\n", passage.DocumentPassages.Select(p => p.Text)) + "\n\n";
            int cost = counter.CountTokens(block);
            if (passage.AlsoInDocument.Count > 0 && used + cost > budget)
            {
                block = header + passage.Text + "\n\n";
                cost = counter.CountTokens(block);
            }

            if (used + cost > budget)
            {
                // The best source is worth a truncated copy; later ones are skipped in favour of smaller ones that fit.
                if (sources.Count > 0)
                {
                    continue;
                }

                block = header + Truncate(passage.Text, budget - used - counter.CountTokens(header) - 2, counter) + "\n\n";
                cost = counter.CountTokens(block);
                if (used + cost > budget)
                {
                    continue;
                }
            }

            used += cost;
            sources.Add(passage);
            body.Append(block);
        }

        body.Append(questionBlock);
        return ([new ChatMessage(ChatRole.System, instructions), new ChatMessage(ChatRole.User, body.ToString())], sources);
    }

    /// <summary>How a source is introduced: "title › breadcrumb (lines 3–9)", falling back to the file name.</summary>
    public static string Header(RetrievedPassage passage)
    {
        var name = !string.IsNullOrWhiteSpace(passage.Title) ? passage.Title : Path.GetFileName(passage.SourcePath);
        var heading = SqliteDocumentStore.HeadingText(name, passage.Breadcrumb);
        return passage.Location.Length > 0 ? $"{heading} ({passage.Location})" : heading;
    }

    private static string Truncate(string text, int tokens, ITokenCounter counter)
    {
        if (tokens <= 0)
        {
            return string.Empty;
        }

        // Binary search on a word count: token counters are monotonic in the prefix length.
        var words = text.Split(' ');
        int low = 0, high = words.Length;
        while (low < high)
        {
            int mid = (low + high + 1) / 2;
            if (counter.CountTokens(string.Join(' ', words, 0, mid) + " …") <= tokens)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low == 0 ? string.Empty : string.Join(' ', words, 0, low) + " …";
    }
}
