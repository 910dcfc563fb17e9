namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Per-render limits and counters. Every loop iteration, statement and call costs one step, so no template,
/// however malformed, renders for long; output, strings and lists are capped so none exhausts memory.
/// </summary>
internal sealed class TemplateRenderState(int maxOutputLength, TimeProvider clock, long maxSteps = TemplateRenderState.DefaultMaxSteps)
{
    /// <summary>Macro calls nested deeper than this are runaway recursion, not a chat template.</summary>
    public const int MaxCallDepth = 100;

    /// <summary>A few thousand times what the largest real template needs for a long conversation.</summary>
    public const long DefaultMaxSteps = 50_000_000;

    private long _steps;

    public int MaxOutputLength { get; } = maxOutputLength;

    public TimeProvider Clock { get; } = clock;

    public int CallDepth { get; set; }

    public void Step()
    {
        if (++_steps > maxSteps)
        {
            throw new TemplateRuntimeException(
                $"Rendering took more than {maxSteps} steps; the template loops without end or does far too much work",
                ChatTemplateErrorKind.LimitExceeded);
        }
    }

    /// <summary>Rejects a string or list that would grow past the output limit.</summary>
    public void CheckLength(long length)
    {
        if (length > MaxOutputLength)
        {
            throw new TemplateRuntimeException(
                $"The rendered text or a value in it exceeds the limit of {MaxOutputLength} characters",
                ChatTemplateErrorKind.LimitExceeded);
        }
    }
}
