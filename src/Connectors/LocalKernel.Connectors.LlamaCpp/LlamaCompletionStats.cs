namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Token counts and times of one completion.</summary>
/// <param name="PromptTokens">Tokens of the prompt.</param>
/// <param name="GeneratedTokens">Tokens generated.</param>
/// <param name="PromptTime">Time to process the prompt.</param>
/// <param name="GenerationTime">Time spent generating.</param>
public sealed record LlamaCompletionStats(int PromptTokens, int GeneratedTokens, TimeSpan PromptTime, TimeSpan GenerationTime)
{
    /// <summary>Prompt tokens per second.</summary>
    public double PromptTokensPerSecond => PromptTokens / Math.Max(PromptTime.TotalSeconds, 1e-9);

    /// <summary>Generated tokens per second.</summary>
    public double GenerationTokensPerSecond => GeneratedTokens / Math.Max(GenerationTime.TotalSeconds, 1e-9);
}
