using LocalKernel.Agents;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag.Code;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace LocalKernel.Samples.CodeAssistant.Hosting;

/// <summary>
/// The agent of <c>code chat</c>: an Agent Framework <see cref="ChatClientAgent"/> with the read-only repository tools,
/// over a chat client whose history is reduced to the model's context by its own token count (tool calls and their
/// results kept together). The agent runs Microsoft.Extensions.AI's function invocation (its safe defaults).
/// </summary>
internal static class CodeAgent
{
    public const string Instructions =
        "You are an offline coding assistant for one repository. Use the tools to look at the code before answering: "
        + "search_code for questions, find_symbol for declarations, find_references for uses, read_file to read lines, "
        + "list_directory and grep to explore. Answer briefly and cite every claim as path:start-end.";

    /// <summary>Builds the agent over <paramref name="chatClient"/>; <paramref name="model"/> counts tokens for the reducer.</summary>
    public static ChatClientAgent Create(IChatClient chatClient, LlamaModel model, int contextSize, RepositoryTools tools, ChatOptions? chatOptions = null,
        IList<AITool>? toolOverride = null)
    {
        // Half the context for the history: the tool schemas, the instructions and the answer need the rest.
        var reducer = new TokenBudgetChatReducer(text => model.Tokenize(text, addSpecial: false).Length, Math.Max(256, contextSize / 2));
        var reduced = new ChatClientBuilder(chatClient).UseChatReducer(reducer).Build();
        var options = chatOptions ?? new ChatOptions { Temperature = 0, MaxOutputTokens = 512 };
        options.Tools = toolOverride ?? tools.CreateFunctions();
        return new ChatClientAgent(reduced, new ChatClientAgentOptions
        {
            Name = "code-assistant",
            ChatOptions = WithInstructions(options),
        });
    }

    /// <summary>The places the agent read (its read_file calls), checked against the files.</summary>
    public static IReadOnlyList<CodeCitation> ReadCitations(IEnumerable<ChatMessage> messages, RepositorySandbox sandbox)
    {
        var checker = new CitationChecker(sandbox);
        var citations = new List<CodeCitation>();
        foreach (var call in messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Where(c => c.Name == "read_file"))
        {
            if (call.Arguments is null || !call.Arguments.TryGetValue("path", out var pathValue) || pathValue?.ToString() is not { Length: > 0 } path)
            {
                continue;
            }

            int start = Integer(call.Arguments, "startLine") ?? 1;
            int end = Integer(call.Arguments, "endLine") ?? 0;
            int length = LineCount(sandbox, path);
            if (length == 0)
            {
                continue;
            }

            end = end <= 0 ? Math.Min(length, start + 299) : Math.Min(end, length);
            citations.Add(new CodeCitation(sandbox.ToRelative(sandbox.Resolve(path)), Math.Max(1, start), end));
        }

        return checker.Filter(citations);
    }

    private static ChatOptions WithInstructions(ChatOptions options)
    {
        options.Instructions = Instructions;
        return options;
    }

    private static int? Integer(IDictionary<string, object?> arguments, string name) =>
        arguments.TryGetValue(name, out var value) && int.TryParse(value?.ToString(), out int n) ? n : null;

    private static int LineCount(RepositorySandbox sandbox, string path)
    {
        try
        {
            return File.ReadLines(sandbox.ResolveFile(path)).Count();
        }
        catch (Exception e) when (e is RepositoryAccessException or IOException)
        {
            return 0;
        }
    }
}
