using System.Globalization;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The one mapping from <see cref="ChatOptions"/> to <see cref="SamplingParameters"/>.</summary>
internal static class SamplingOptionsMapper
{
    /// <exception cref="ArgumentException">A value is out of range (e.g. a negative temperature or top-p above 1).</exception>
    public static SamplingParameters FromChatOptions(ChatOptions? options)
    {
        if (options is null)
        {
            return new SamplingParameters();
        }

        var extra = options.AdditionalProperties;
        var result = new SamplingParameters
        {
            Temperature = options.Temperature ?? LlamaChatDefaults.Temperature,
            TopK = options.TopK ?? LlamaChatDefaults.TopK,
            TopP = options.TopP ?? LlamaChatDefaults.TopP,
            FrequencyPenalty = options.FrequencyPenalty ?? 0,
            PresencePenalty = options.PresencePenalty ?? 0,
            Seed = options.Seed is { } seed ? unchecked((uint)seed) : null,
            MinP = ReadFloat(extra, LlamaChatDefaults.MinPKey) ?? LlamaChatDefaults.MinP,
            RepeatPenalty = ReadFloat(extra, LlamaChatDefaults.RepeatPenaltyKey) ?? LlamaChatDefaults.RepeatPenalty,
            PenaltyLastN = (int?)ReadFloat(extra, LlamaChatDefaults.PenaltyLastNKey) ?? LlamaChatDefaults.PenaltyLastN,
        };

        Check(result.Temperature >= 0, nameof(ChatOptions.Temperature), "must not be negative");
        Check(result.TopP is > 0 and <= 1, nameof(ChatOptions.TopP), "must be in (0, 1]");
        Check(result.TopK >= 0, nameof(ChatOptions.TopK), "must not be negative");
        Check(result.MinP is >= 0 and <= 1, LlamaChatDefaults.MinPKey, "must be in [0, 1]");
        Check(result.RepeatPenalty > 0, LlamaChatDefaults.RepeatPenaltyKey, "must be positive (1 = off)");
        Check(float.IsFinite(result.FrequencyPenalty), nameof(ChatOptions.FrequencyPenalty), "must be finite");
        Check(float.IsFinite(result.PresencePenalty), nameof(ChatOptions.PresencePenalty), "must be finite");
        return result;
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"ChatOptions.{name} {rule}.", "options");
        }
    }

    // AdditionalProperties values arrive as numbers, strings or JsonElements depending on the caller.
    private static float? ReadFloat(AdditionalPropertiesDictionary? extra, string key)
    {
        if (extra is null || !extra.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            float f => f,
            double d => (float)d,
            int i => i,
            long l => l,
            decimal m => (float)m,
            string s when float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetSingle(),
            _ => throw new ArgumentException($"AdditionalProperties[\"{key}\"] must be a number, not {value.GetType().Name}.", "options"),
        };
    }
}
