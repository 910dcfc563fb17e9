namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A call the model began but did not write correctly; its text was given out as ordinary text.</summary>
/// <param name="Message">What was wrong, e.g. "the call is truncated".</param>
/// <param name="Text">The text that was given out in its place (model output: treat as private).</param>
public sealed record ToolCallParseWarning(string Message, string Text);
