namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Resolved sampling settings of one request (every value concrete). Built from
/// <see cref="Microsoft.Extensions.AI.ChatOptions"/> by <see cref="SamplingOptionsMapper.FromChatOptions"/>.
/// </summary>
internal sealed record SamplingParameters
{
    /// <summary>0 means greedy (argmax).</summary>
    public float Temperature { get; init; } = LlamaChatDefaults.Temperature;

    public int TopK { get; init; } = LlamaChatDefaults.TopK;

    public float TopP { get; init; } = LlamaChatDefaults.TopP;

    public float MinP { get; init; } = LlamaChatDefaults.MinP;

    public float RepeatPenalty { get; init; } = LlamaChatDefaults.RepeatPenalty;

    public float FrequencyPenalty { get; init; }

    public float PresencePenalty { get; init; }

    public int PenaltyLastN { get; init; } = LlamaChatDefaults.PenaltyLastN;

    /// <summary>Null: a random seed per request.</summary>
    public uint? Seed { get; init; }

    /// <summary>A GBNF grammar the output must follow, or null.</summary>
    public string? Grammar { get; init; }

    /// <summary>When not empty, <see cref="Grammar"/> is lazy: it applies only from the first match of one of these
    /// patterns (regexes over the text generated so far) or <see cref="LazyGrammarTokens"/> on.</summary>
    public IReadOnlyList<string> LazyGrammarPatterns { get; init; } = [];

    /// <summary>Tokens that start a lazy grammar (the token included).</summary>
    public IReadOnlyList<int> LazyGrammarTokens { get; init; } = [];

    public static SamplingParameters Greedy { get; } = new() { Temperature = 0 };

    /// <summary>Argmax with nothing that keeps state (no grammar, no penalties): sampling at any batch row is a pure
    /// function of its logits, which speculative verification needs.</summary>
    public bool IsPlainGreedy => Temperature <= 0 && Grammar is null && RepeatPenalty == 1.0f && FrequencyPenalty == 0 && PresencePenalty == 0;

    /// <summary>Builds the llama.cpp sampler chain: penalties, grammar, then top-k → top-p → min-p → temperature → dist,
    /// or argmax when the temperature is 0 (llama.cpp's common order).</summary>
    public SafeLlamaSamplerHandle CreateSampler(LlamaModel model)
    {
        var chain = SafeLlamaSamplerHandle.CreateChain(model.Handle);
        try
        {
            if (Grammar is not null)
            {
                chain.Add(LazyGrammarPatterns.Count > 0 || LazyGrammarTokens.Count > 0
                    ? NativeMethods.InitLazyGrammar(model.Vocab, Grammar, LazyGrammarPatterns, LazyGrammarTokens)
                    : NativeMethods.llama_sampler_init_grammar(model.Vocab, Grammar, "root"), "grammar");
            }

            if (RepeatPenalty != 1.0f || FrequencyPenalty != 0 || PresencePenalty != 0)
            {
                chain.Add(NativeMethods.llama_sampler_init_penalties(model.VocabSize, PenaltyLastN, RepeatPenalty, FrequencyPenalty, PresencePenalty), "penalties");
            }

            if (Temperature <= 0)
            {
                chain.Add(NativeMethods.llama_sampler_init_greedy(), "greedy");
                return chain;
            }

            if (TopK > 0)
            {
                chain.Add(NativeMethods.llama_sampler_init_top_k(TopK), "top-k");
            }

            if (TopP < 1.0f)
            {
                chain.Add(NativeMethods.llama_sampler_init_top_p(TopP, 1), "top-p");
            }

            if (MinP > 0)
            {
                chain.Add(NativeMethods.llama_sampler_init_min_p(MinP, 1), "min-p");
            }

            chain.Add(NativeMethods.llama_sampler_init_temp(Temperature), "temperature");
            chain.Add(NativeMethods.llama_sampler_init_dist(Seed ?? (uint)Random.Shared.Next()), "distribution");
            return chain;
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }
}
