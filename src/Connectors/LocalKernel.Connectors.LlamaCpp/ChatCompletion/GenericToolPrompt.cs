using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Tools for models whose chat template ignores them: the tools' schemas and the generic JSON call format go into
/// the system message. The format is what <see cref="ToolCallFormat.Generic"/> parses and its grammar enforces:
/// <c>{"tool_calls": [{"name": "…", "arguments": {…}}]}</c>.
/// </summary>
internal static class GenericToolPrompt
{
    /// <summary>Whether the template reads the <c>tools</c> variable at all.</summary>
    public static bool TemplateRendersTools(string? template) =>
        template is not null && template.Contains("tools", StringComparison.Ordinal);

    /// <summary>The conversation with the tool instructions added to (or as) the system message.</summary>
    public static List<ChatMessage> AddTo(List<ChatMessage> history, IEnumerable<AIFunctionDeclaration> tools)
    {
        var descriptions = string.Join('\n', tools.Select(t => JsonSerializer.Serialize(new
        {
            name = t.Name,
            description = t.Description,
            parameters = t.JsonSchema,
        })));
        var instructions =
            "You can call these tools:\n" + descriptions + "\n" +
            "To call tools, answer with only this JSON: {\"tool_calls\": [{\"name\": \"<tool name>\", \"arguments\": {<arguments>}}]}. " +
            "Otherwise answer normally.";
        return SystemMessage.Join(history.Select(AsText).ToList(), instructions, first: false);
    }

    // The template shows only text: earlier calls become the JSON the model would write, results become text.
    private static ChatMessage AsText(ChatMessage message)
    {
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        if (calls.Count > 0)
        {
            var json = JsonSerializer.Serialize(new { tool_calls = calls.Select(c => new { name = c.Name, arguments = c.Arguments }) }, AIJsonUtilities.DefaultOptions);
            return new ChatMessage(message.Role, (message.Text + "\n" + json).Trim());
        }

        if (results.Count > 0)
        {
            return new ChatMessage(ChatRole.Tool, string.Join('\n', results.Select(r => $"Result of {r.CallId}: {JsonSerializer.Serialize(r.Result, AIJsonUtilities.DefaultOptions)}")));
        }

        return message;
    }
}
