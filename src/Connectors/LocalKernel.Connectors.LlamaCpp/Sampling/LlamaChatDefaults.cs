namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The sampling values used when <see cref="Microsoft.Extensions.AI.ChatOptions"/> leaves one unset. They are
/// llama.cpp's own defaults (llama-server, llama-cli), so results match what users see there.
/// </summary>
public static class LlamaChatDefaults
{
    /// <summary>Temperature 0.8. A temperature of 0 selects greedy (argmax) decoding.</summary>
    public const float Temperature = 0.8f;

    /// <summary>Top-k 40.</summary>
    public const int TopK = 40;

    /// <summary>Top-p 0.95.</summary>
    public const float TopP = 0.95f;

    /// <summary>Min-p 0.05 (set through <c>AdditionalProperties["min_p"]</c>).</summary>
    public const float MinP = 0.05f;

    /// <summary>Repeat penalty 1.0, i.e. off (set through <c>AdditionalProperties["repeat_penalty"]</c>).</summary>
    public const float RepeatPenalty = 1.0f;

    /// <summary>Penalties look at the last 64 tokens (<c>AdditionalProperties["penalty_last_n"]</c>).</summary>
    public const int PenaltyLastN = 64;

    /// <summary>Most tokens generated when <c>MaxOutputTokens</c> is not set: until the context is full or the model stops.</summary>
    public const int MaxOutputTokens = int.MaxValue;

    /// <summary>The <c>AdditionalProperties</c> key of min-p.</summary>
    public const string MinPKey = "min_p";

    /// <summary>The <c>AdditionalProperties</c> key of the repeat penalty.</summary>
    public const string RepeatPenaltyKey = "repeat_penalty";

    /// <summary>The <c>AdditionalProperties</c> key of the penalty window.</summary>
    public const string PenaltyLastNKey = "penalty_last_n";

    /// <summary>The <c>AdditionalProperties</c> key of a GBNF grammar (start rule <c>root</c>) the answer must follow.</summary>
    public const string GrammarKey = "grammar";
}
