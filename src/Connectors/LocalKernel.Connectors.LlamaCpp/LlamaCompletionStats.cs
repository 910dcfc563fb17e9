namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Token counts and times of one completion.</summary>
/// <param name="PromptTokens">Tokens of the prompt.</param>
/// <param name="GeneratedTokens">Tokens generated.</param>
/// <param name="PromptTime">Time to the first generated token: the prompt's processing and the first sample.</param>
/// <param name="GenerationTime">Time spent on the tokens after the first.</param>
public sealed record LlamaCompletionStats(int PromptTokens, int GeneratedTokens, TimeSpan PromptTime, TimeSpan GenerationTime)
{
    /// <summary>Prompt tokens per second.</summary>
    public double PromptTokensPerSecond => PromptTokens / Math.Max(PromptTime.TotalSeconds, 1e-9);

    /// <summary>Generated tokens per second, over the tokens after the first (the first is counted in <see cref="PromptTime"/>).</summary>
    public double GenerationTokensPerSecond => Math.Max(GeneratedTokens - 1, 0) / Math.Max(GenerationTime.TotalSeconds, 1e-9);
}
