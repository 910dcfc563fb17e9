namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The variables a chat template is rendered with, named as Hugging Face's <c>apply_chat_template</c> names them:
/// <c>messages</c>, <c>tools</c>, <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c>, plus any extra
/// variables a template reads (<c>enable_thinking</c>, <c>documents</c>, ...).
/// </summary>
/// <remarks>
/// A context may be rendered by several threads at once as long as no thread changes it meanwhile: each render
/// works on its own copy of the lists and dictionaries.
/// </remarks>
public sealed class ChatTemplateContext
{
    /// <summary>The default for <see cref="MaxOutputLength"/>: 16 Mi characters, far beyond any context window.</summary>
    public const int DefaultMaxOutputLength = 16 * 1024 * 1024;

    /// <summary>
    /// Gets the conversation: one dictionary per message with <c>role</c> and <c>content</c>, and where present
    /// <c>tool_calls</c> (<c>[{"id", "type": "function", "function": {"name", "arguments"}}]</c>, arguments as a
    /// dictionary), <c>tool_call_id</c>, <c>name</c> and <c>reasoning_content</c>.
    /// </summary>
    public IList<JinjaValue> Messages { get; } = [];

    /// <summary>
    /// Gets or sets the tools in Hugging Face's form (<c>{"type": "function", "function": {"name", "description",
    /// "parameters"}}</c>), or null to leave <c>tools</c> undefined.
    /// </summary>
    public IList<JinjaValue>? Tools { get; set; }

    /// <summary>Gets or sets whether the prompt should end with the header of an assistant turn.</summary>
    public bool AddGenerationPrompt { get; set; }

    /// <summary>Gets or sets the text of the beginning-of-sequence token, or null to leave <c>bos_token</c> undefined.</summary>
    public string? BosToken { get; set; }

    /// <summary>Gets or sets the text of the end-of-sequence token, or null to leave <c>eos_token</c> undefined.</summary>
    public string? EosToken { get; set; }

    /// <summary>Gets further variables; they take precedence over the ones above and over the globals.</summary>
    public IDictionary<string, JinjaValue> Variables { get; } = new Dictionary<string, JinjaValue>(StringComparer.Ordinal);

    /// <summary>Gets or sets the clock <c>strftime_now</c> reads (its local time), or null for the system clock.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>
    /// Gets or sets the longest output (and longest string or list built while rendering) in characters, or null
    /// for <see cref="DefaultMaxOutputLength"/>. Exceeding it is a <see cref="ChatTemplateErrorKind.LimitExceeded"/> error.
    /// </summary>
    public int? MaxOutputLength { get; set; }

    /// <summary>Gets or sets the work budget in steps, or null for the default; lowered by tests to fail fast.</summary>
    internal long? MaxSteps { get; set; }
}
