using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// How one request constrains and reads the model's output: the grammar (tool calls or JSON), whether it is lazy
/// (tool mode auto: free text until the family's trigger), and the tool-call format to parse the output with.
/// </summary>
internal sealed record ToolCallingPlan(string? Grammar, IReadOnlyList<string> LazyPatterns, IReadOnlyList<int> LazyTokens, ToolCallFormat? ParseFormat)
{
    public static ToolCallingPlan None { get; } = new(null, [], [], null);

    /// <summary>True when the grammar constrains the whole answer to calls (a required tool mode).</summary>
    public bool ForcesCall => Grammar is not null && ParseFormat is not null && LazyPatterns.Count == 0 && LazyTokens.Count == 0;

    /// <summary>The plan for <paramref name="options"/> on <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">A required tool is not among the tools, or the response schema is malformed.</exception>
    public static ToolCallingPlan For(LlamaModel model, ChatOptions? options, ILogger logger, int? maxStringLength = null)
    {
        var tools = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (tools.Count > 0 && options?.ToolMode is not NoneChatToolMode)
        {
            return ForTools(model, tools, options!, logger, maxStringLength);
        }

        if (options?.AdditionalProperties?.TryGetValue(LlamaChatDefaults.GrammarKey, out var grammar) == true && grammar is not null)
        {
            if (options.ResponseFormat is ChatResponseFormatJson)
            {
                throw new ArgumentException($"AdditionalProperties[\"{LlamaChatDefaults.GrammarKey}\"] and a JSON ResponseFormat both constrain the answer: give one.", nameof(options));
            }

            return new(GrammarText(grammar), [], [], null);
        }

        return options?.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } => new(JsonSchemaGrammar.FromSchema(schema), [], [], null),
            ChatResponseFormatJson => new(JsonSchemaGrammar.AnyJsonObject, [], [], null),
            _ => None,
        };
    }

    // Values arrive as strings, or as JsonElements from hosts that round-trip settings through JSON (Semantic Kernel).
    private static string GrammarText(object value) => value switch
    {
        string { Length: > 0 } text => text,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e when e.GetString() is { Length: > 0 } text => text,
        _ => throw new ArgumentException($"AdditionalProperties[\"{LlamaChatDefaults.GrammarKey}\"] must be a non-empty GBNF string, not {value.GetType().Name}.", "options"),
    };

    private static ToolCallingPlan ForTools(LlamaModel model, List<AIFunctionDeclaration> tools, ChatOptions options, ILogger logger, int? maxStringLength)
    {
        var format = ToolCallFormatDetector.Detect(model.ChatTemplate);
        if (options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } name })
        {
            tools = tools.Where(t => t.Name == name).ToList();
            if (tools.Count == 0)
            {
                throw new ArgumentException($"ToolMode requires the tool '{name}', which is not among ChatOptions.Tools.", nameof(options));
            }
        }

        string grammar;
        try
        {
            grammar = ToolCallGrammar.ForTools(tools, format, options.AllowMultipleToolCalls ?? true, maxStringLength);
        }
        catch (NotSupportedException e)
        {
            // A schema keyword the converter refuses: calls are still parsed, only not enforced.
            ChatClientLog.GrammarUnavailable(logger, e.Message);
            return new(null, [], [], format);
        }

        if (options.ToolMode is RequiredChatToolMode)
        {
            return new(grammar, [], [], format);
        }

        var triggers = ToolCallTrigger.For(format);
        var tokens = triggers.Where(t => t.MayBeSpecialToken)
            .Select(t => model.Tokenize(t.Text, addSpecial: false, parseSpecial: true))
            .Where(t => t.Length == 1 && NativeMethods.llama_vocab_is_control(model.Vocab, t[0]))
            .Select(t => t[0])
            .ToList();
        return new(grammar, triggers.Select(t => t.Pattern).ToList(), tokens, format);
    }
}
