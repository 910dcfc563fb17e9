namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Metadata rules that are not part of the GGUF format but whose violation makes llama.cpp abort the whole
/// process (a <c>GGML_ASSERT</c>) instead of returning an error. Each rule cites the check it pre-empts in the
/// pinned source; rules whose violation llama.cpp reports as an ordinary load error are left to llama.cpp.
/// </summary>
internal static class GgufLlamaChecks
{
    private const long MaxLayers = 512;   // LLAMA_MAX_LAYERS (llama-hparams.h)
    private const long MaxExperts = 1024; // LLAMA_MAX_EXPERTS (llama-hparams.h)

    public static void Validate(IReadOnlyDictionary<string, GgufValue> metadata, IReadOnlyDictionary<string, long> valueOffsets)
    {
        CheckUniqueTokens(metadata, valueOffsets);

        if (!metadata.TryGetValue(GgufMetadataKeys.GeneralArchitecture, out var archValue) || !archValue.TryGetString(out var arch) || arch.Length == 0)
        {
            return;
        }

        // llama-model.cpp load_hparams: GGML_ASSERT(n_layer > 0 && n_layer <= LLAMA_MAX_LAYERS).
        var blockCountKey = $"{arch}.{GgufMetadataKeys.BlockCount}";
        if (TryGetInteger(metadata, blockCountKey, out var layers) && (layers <= 0 || layers > MaxLayers))
        {
            throw Invalid(valueOffsets, blockCountKey, $"is {layers}; llama.cpp requires 1..{MaxLayers} layers");
        }

        // load_hparams: GGML_ASSERT(n_expert <= LLAMA_MAX_EXPERTS) and GGML_ASSERT(n_expert_used <= n_expert).
        var expertKey = $"{arch}.expert_count";
        var expertUsedKey = $"{arch}.expert_used_count";
        var hasExperts = TryGetInteger(metadata, expertKey, out var experts);
        if (hasExperts && (experts < 0 || experts > MaxExperts))
        {
            throw Invalid(valueOffsets, expertKey, $"is {experts}; llama.cpp allows at most {MaxExperts} experts");
        }

        if (TryGetInteger(metadata, expertUsedKey, out var expertsUsed) && (expertsUsed < 0 || expertsUsed > (hasExperts ? experts : 0)))
        {
            throw Invalid(valueOffsets, expertUsedKey, $"is {expertsUsed} but the model has {(hasExperts ? experts : 0)} experts");
        }
    }

    // llama-vocab.cpp load: GGML_ASSERT(id_to_token.size() == token_to_id.size()) fails on a repeated token text.
    private static void CheckUniqueTokens(IReadOnlyDictionary<string, GgufValue> metadata, IReadOnlyDictionary<string, long> valueOffsets)
    {
        if (!metadata.TryGetValue(GgufMetadataKeys.TokenizerTokens, out var value) || !value.TryGetArray<string>(out var tokens))
        {
            return;
        }

        var seen = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        var span = tokens.Span;
        for (var id = 0; id < span.Length; id++)
        {
            // llama.cpp renames empty tokens to "[EMPTY_<id>]" before indexing them, so compare that name.
            var text = span[id].Length == 0 ? $"[EMPTY_{id}]" : span[id];

            // Invalid UTF-8 was decoded to U+FFFD, so two different byte strings can look alike here although
            // llama.cpp, which compares bytes, keeps them apart: never refuse a model on such a comparison.
            if (text.Contains('\uFFFD', StringComparison.Ordinal))
            {
                continue;
            }

            if (!seen.TryAdd(text, id))
            {
                throw Invalid(
                    valueOffsets,
                    GgufMetadataKeys.TokenizerTokens,
                    $"holds the token '{text}' twice (ids {seen[text]} and {id}); llama.cpp aborts on a repeated token");
            }
        }
    }

    private static bool TryGetInteger(IReadOnlyDictionary<string, GgufValue> metadata, string key, out long value)
    {
        value = 0;
        return metadata.TryGetValue(key, out var stored) && stored.TryGetInt64(out value);
    }

    private static GgufFormatException Invalid(IReadOnlyDictionary<string, long> valueOffsets, string key, string problem)
    {
        var offset = valueOffsets.TryGetValue(key, out var o) ? o : 0;
        return new GgufFormatException($"GGUF metadata '{key}' at offset {offset} {problem}.", offset);
    }
}
