using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Renders conversations with the model's own Jinja chat template, passing what Hugging Face's
/// <c>apply_chat_template</c> passes: messages (with tool calls and tool results in the shape templates expect),
/// the tools' JSON schemas, <c>bos_token</c>/<c>eos_token</c> and <c>add_generation_prompt</c>.
/// </summary>
internal sealed class JinjaChatPromptFormatter(ChatTemplate template, string? bosToken, string? eosToken) : IChatPromptFormatter
{
    public string Format(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var context = new ChatTemplateContext { AddGenerationPrompt = true, BosToken = bosToken, EosToken = eosToken };
        foreach (var message in messages)
        {
            foreach (var rendered in ToTemplateMessages(message))
            {
                context.Messages.Add(rendered);
            }
        }

        if (options?.Tools is { Count: > 0 } tools)
        {
            context.Tools = tools.OfType<AIFunctionDeclaration>().Select(ToTemplateTool).ToList();
        }

        try
        {
            return template.Render(context);
        }
        catch (ChatTemplateException e) when (e.Kind == ChatTemplateErrorKind.RaisedByTemplate)
        {
            // The template refused the conversation (e.g. roles that do not alternate): the caller's input is at fault.
            throw new ArgumentException($"The model's chat template refused the conversation: {e.Message}", nameof(messages), e);
        }
    }

    // One ChatMessage may carry text, tool calls and tool results; templates want tool results as separate "tool" messages.
    private static IEnumerable<JinjaValue> ToTemplateMessages(ChatMessage message)
    {
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        if (results.Count > 0)
        {
            foreach (var result in results)
            {
                yield return Dictionary(
                    ("role", "tool"),
                    ("tool_call_id", result.CallId),
                    ("content", ResultText(result.Result)));
            }

            yield break;
        }

        var entries = new List<(string, JinjaValue?)> { ("role", message.Role.Value), ("content", message.Text) };
        if (calls.Count > 0)
        {
            entries.Add(("tool_calls", JinjaValue.FromList(calls.Select(call => Dictionary(
                ("id", call.CallId),
                ("type", "function"),
                ("function", Dictionary(
                    ("name", call.Name),
                    ("arguments", JinjaValue.FromObject(call.Arguments ?? new Dictionary<string, object?>())))))))));
        }

        yield return JinjaValue.FromDictionary(entries.Select(e => new KeyValuePair<string, JinjaValue?>(e.Item1, e.Item2)));
    }

    private static JinjaValue ToTemplateTool(AIFunctionDeclaration tool) => Dictionary(
        ("type", "function"),
        ("function", Dictionary(
            ("name", tool.Name),
            ("description", tool.Description),
            ("parameters", JinjaValue.FromJson(tool.JsonSchema)))));

    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };

    private static JinjaValue Dictionary(params (string Key, JinjaValue? Value)[] entries) =>
        JinjaValue.FromDictionary(entries.Select(e => new KeyValuePair<string, JinjaValue?>(e.Key, e.Value)));
}
