using System.Collections.Concurrent;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A parsed chat template (the Jinja in a GGUF's <c>tokenizer.chat_template</c>), rendered by a managed engine
/// that implements the subset of Jinja real chat templates use and matches Hugging Face's rendering: whitespace
/// control with <c>trim_blocks</c> and <c>lstrip_blocks</c>, <c>tojson</c> without ASCII escaping,
/// <c>raise_exception</c>, <c>strftime_now</c>, loops, macros and namespaces.
/// </summary>
/// <remarks>
/// Instances are immutable and <see cref="Render(ChatTemplateContext)"/> may run on many threads at once.
/// Rendering is bounded: output size, macro recursion and total work are limited, so a malformed or hostile
/// template fails with a <see cref="ChatTemplateException"/> instead of hanging or exhausting memory.
/// </remarks>
public sealed class ChatTemplate
{
    // Few distinct templates exist per process (one per loaded model); the bound only stops a caller that parses
    // generated templates from growing the cache without end.
    private const int MaxCachedTemplates = 64;

    private static readonly ConcurrentDictionary<string, ChatTemplate> Cache = new(StringComparer.Ordinal);

    private readonly TemplateSourceText _source;
    private readonly IReadOnlyList<TemplateStatement> _body;

    private ChatTemplate(TemplateSourceText source, IReadOnlyList<TemplateStatement> body)
    {
        _source = source;
        _body = body;
    }

    /// <summary>Gets the template text this instance was parsed from.</summary>
    public string Source => _source.Text;

    /// <summary>Parses a template, or returns the cached parse of the same text.</summary>
    /// <param name="source">The template text.</param>
    /// <returns>The parsed template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ChatTemplateException">The text is not a valid template (<see cref="ChatTemplateErrorKind.Syntax"/>), with the line and column of the problem.</exception>
    public static ChatTemplate Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Cache.TryGetValue(source, out var cached))
        {
            return cached;
        }

        var text = new TemplateSourceText(source);
        var tokens = TemplateLexer.Tokenize(TemplatePreprocessor.Process(source), text);
        var template = new ChatTemplate(text, TemplateParser.Parse(tokens, text));
        if (Cache.Count >= MaxCachedTemplates)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(source, template);
    }

    /// <summary>Renders the template with the given variables.</summary>
    /// <param name="context">The conversation, tools and other variables.</param>
    /// <returns>The prompt text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ChatTemplateContext.MaxOutputLength"/> is not positive.</exception>
    /// <exception cref="ArgumentException">A value in the context nests deeper than 256 levels.</exception>
    /// <exception cref="ChatTemplateException">
    /// The template called <c>raise_exception</c> (<see cref="ChatTemplateErrorKind.RaisedByTemplate"/>), failed
    /// (<see cref="ChatTemplateErrorKind.Runtime"/>) or exceeded a limit (<see cref="ChatTemplateErrorKind.LimitExceeded"/>).
    /// </exception>
    public string Render(ChatTemplateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.MaxOutputLength is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(context), context.MaxOutputLength, "MaxOutputLength must be positive.");
        }

        var state = new TemplateRenderState(
            context.MaxOutputLength ?? ChatTemplateContext.DefaultMaxOutputLength,
            context.Clock ?? TimeProvider.System,
            context.MaxSteps ?? TemplateRenderState.DefaultMaxSteps);
        var globals = new TemplateScope(null);
        JinjaGlobals.AddTo(globals);
        globals.Set("messages", new JinjaList(context.Messages.Select(m => (m ?? JinjaValue.None).DeepCopy()).ToList()));
        globals.Set("add_generation_prompt", JinjaBoolean.Of(context.AddGenerationPrompt));
        if (context.Tools is not null)
        {
            globals.Set("tools", new JinjaList(context.Tools.Select(t => (t ?? JinjaValue.None).DeepCopy()).ToList()));
        }

        if (context.BosToken is not null)
        {
            globals.Set("bos_token", new JinjaString(context.BosToken));
        }

        if (context.EosToken is not null)
        {
            globals.Set("eos_token", new JinjaString(context.EosToken));
        }

        foreach (var (name, value) in context.Variables)
        {
            globals.Set(name, (value ?? JinjaValue.None).DeepCopy());
        }

        try
        {
            return new TemplateInterpreter(state).Render(_body, globals);
        }
        catch (TemplateRuntimeException error)
        {
            throw _source.Error(error.Kind, error.Message, error.Offset, error);
        }
        catch (Exception error) when (error is not ChatTemplateException and not OutOfMemoryException)
        {
            // A failure the engine did not anticipate is still reported as a template error, never as a crash of
            // the caller's request with an unrelated exception type.
            throw _source.Error(ChatTemplateErrorKind.Runtime, $"Internal error while rendering: {error.GetType().Name}: {error.Message}", -1, error);
        }
    }
}
