using System.Text.Json;
using System.Text.Json.Serialization;
using LocalKernel.Connectors.LlamaCpp;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace LocalKernel.SemanticKernel;

/// <summary>
/// Prompt execution settings for LocalKernel's llama.cpp chat clients: the common sampling settings plus what
/// <see cref="ChatOptions"/> has no property for (min-p, repeat penalty, penalty window, a GBNF grammar). Null means
/// "the model's default" (<see cref="LlamaChatDefaults"/>). JSON names are llama.cpp's (<c>min_p</c>, <c>repeat_penalty</c>,
/// …), so the same settings written in a prompt's YAML or JSON execution settings, or serialized and read back as
/// plain <see cref="PromptExecutionSettings"/>, come back through <see cref="FromExecutionSettings"/>.
/// </summary>
/// <remarks>Not thread-safe while mutable; <see cref="PromptExecutionSettings.Freeze"/> makes it read-only.</remarks>
public sealed class LlamaPromptExecutionSettings : PromptExecutionSettings
{
    private float? _temperature;
    private float? _topP;
    private int? _topK;
    private float? _minP;
    private int? _maxTokens;
    private IList<string>? _stopSequences;
    private long? _seed;
    private float? _frequencyPenalty;
    private float? _presencePenalty;
    private float? _repeatPenalty;
    private int? _penaltyLastN;
    private string? _grammar;

    /// <summary>Sampling temperature; 0 is greedy.</summary>
    [JsonPropertyName("temperature")]
    public float? Temperature { get => _temperature; set => Set(ref _temperature, value); }

    /// <summary>Nucleus sampling: the smallest set of tokens whose probabilities add up to this.</summary>
    [JsonPropertyName("top_p")]
    public float? TopP { get => _topP; set => Set(ref _topP, value); }

    /// <summary>Only the K most likely tokens are sampled from.</summary>
    [JsonPropertyName("top_k")]
    public int? TopK { get => _topK; set => Set(ref _topK, value); }

    /// <summary>Tokens less likely than this fraction of the most likely one are dropped (llama.cpp's min-p).</summary>
    [JsonPropertyName("min_p")]
    public float? MinP { get => _minP; set => Set(ref _minP, value); }

    /// <summary>Most tokens to generate.</summary>
    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get => _maxTokens; set => Set(ref _maxTokens, value); }

    /// <summary>Generation stops before any of these (matched across tokens, never emitted).</summary>
    [JsonPropertyName("stop_sequences")]
    public IList<string>? StopSequences { get => _stopSequences; set => Set(ref _stopSequences, value); }

    /// <summary>The sampler's seed: the same prompt and seed give the same answer.</summary>
    [JsonPropertyName("seed")]
    public long? Seed { get => _seed; set => Set(ref _seed, value); }

    /// <summary>Penalises tokens by how often they already appeared.</summary>
    [JsonPropertyName("frequency_penalty")]
    public float? FrequencyPenalty { get => _frequencyPenalty; set => Set(ref _frequencyPenalty, value); }

    /// <summary>Penalises tokens that already appeared.</summary>
    [JsonPropertyName("presence_penalty")]
    public float? PresencePenalty { get => _presencePenalty; set => Set(ref _presencePenalty, value); }

    /// <summary>llama.cpp's repeat penalty (1 = off).</summary>
    [JsonPropertyName("repeat_penalty")]
    public float? RepeatPenalty { get => _repeatPenalty; set => Set(ref _repeatPenalty, value); }

    /// <summary>How many recent tokens the penalties look at.</summary>
    [JsonPropertyName("penalty_last_n")]
    public int? PenaltyLastN { get => _penaltyLastN; set => Set(ref _penaltyLastN, value); }

    /// <summary>A GBNF grammar (start rule <c>root</c>) the answer must follow; not combined with tools or a JSON response format.</summary>
    [JsonPropertyName("grammar")]
    public string? Grammar { get => _grammar; set => Set(ref _grammar, value); }

    /// <summary>
    /// These settings from any <see cref="PromptExecutionSettings"/>: the same object when it already is one, otherwise a
    /// new one read from its JSON (its <see cref="PromptExecutionSettings.ExtensionData"/> keys by their JSON names).
    /// </summary>
    /// <param name="settings">Settings as Semantic Kernel hands them over, or null.</param>
    /// <returns>The settings; defaults when <paramref name="settings"/> is null.</returns>
    /// <exception cref="JsonException">A value has the wrong type (e.g. <c>"min_p": "high"</c>).</exception>
    public static LlamaPromptExecutionSettings FromExecutionSettings(PromptExecutionSettings? settings)
    {
        switch (settings)
        {
            case null:
                return new LlamaPromptExecutionSettings();
            case LlamaPromptExecutionSettings llama:
                return llama;
        }

        // Serializing the base type writes ExtensionData as top-level members, which read back into the typed properties.
        var json = JsonSerializer.Serialize(settings);
        var result = JsonSerializer.Deserialize<LlamaPromptExecutionSettings>(json)
            ?? throw new JsonException("The execution settings serialized to null.");
        var untyped = settings.ExtensionData?.Where(e => !IsTypedKey(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        result.ExtensionData = untyped is { Count: > 0 } ? untyped : null;
        return result;
    }

    /// <inheritdoc />
    public override PromptExecutionSettings Clone() => new LlamaPromptExecutionSettings
    {
        ModelId = ModelId,
        ServiceId = ServiceId,
        FunctionChoiceBehavior = FunctionChoiceBehavior,
        ExtensionData = ExtensionData is null ? null : new Dictionary<string, object>(ExtensionData),
        Temperature = Temperature,
        TopP = TopP,
        TopK = TopK,
        MinP = MinP,
        MaxTokens = MaxTokens,
        StopSequences = StopSequences is null ? null : [.. StopSequences],
        Seed = Seed,
        FrequencyPenalty = FrequencyPenalty,
        PresencePenalty = PresencePenalty,
        RepeatPenalty = RepeatPenalty,
        PenaltyLastN = PenaltyLastN,
        Grammar = Grammar,
    };

    /// <summary>Writes every set value into the request's <see cref="ChatOptions"/> (the llama-specific ones under
    /// <see cref="ChatOptions.AdditionalProperties"/> keys the chat client reads).</summary>
    protected override void PrepareChatOptionsForRequest(ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Temperature = Temperature ?? options.Temperature;
        options.TopP = TopP ?? options.TopP;
        options.TopK = TopK ?? options.TopK;
        options.MaxOutputTokens = MaxTokens ?? options.MaxOutputTokens;
        options.StopSequences = StopSequences is null ? options.StopSequences : [.. StopSequences];
        options.Seed = Seed ?? options.Seed;
        options.FrequencyPenalty = FrequencyPenalty ?? options.FrequencyPenalty;
        options.PresencePenalty = PresencePenalty ?? options.PresencePenalty;
        Extra(options, LlamaChatDefaults.MinPKey, MinP);
        Extra(options, LlamaChatDefaults.RepeatPenaltyKey, RepeatPenalty);
        Extra(options, LlamaChatDefaults.PenaltyLastNKey, PenaltyLastN);
        Extra(options, LlamaChatDefaults.GrammarKey, Grammar);
    }

    private static void Extra(ChatOptions options, string key, object? value)
    {
        if (value is not null)
        {
            (options.AdditionalProperties ??= [])[key] = value;
        }
    }

    private static bool IsTypedKey(string key) => typeof(LlamaPromptExecutionSettings).GetProperties()
        .Any(p => p.GetCustomAttributes(typeof(JsonPropertyNameAttribute), false) is [JsonPropertyNameAttribute name] && name.Name == key);

    private void Set<T>(ref T field, T value)
    {
        ThrowIfFrozen();
        field = value;
    }
}
