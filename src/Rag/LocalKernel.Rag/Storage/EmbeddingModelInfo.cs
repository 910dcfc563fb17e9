namespace LocalKernel.Rag;

/// <summary>
/// Identifies the embedding model whose vectors an index holds. Vectors of different models live in
/// different spaces, so a store records this once and refuses any other model.
/// </summary>
/// <param name="Name">The model's name as its generator reports it (e.g. <c>EmbeddingGeneratorMetadata.DefaultModelId</c>).</param>
/// <param name="Dimensions">Length of each vector.</param>
/// <param name="Pooling">How token states become one vector ("mean", "cls", "last"); null when unknown.</param>
/// <param name="Normalized">Whether the model itself returns L2-normalised vectors. The store normalises
/// what it keeps either way; this is recorded because it is part of the model's identity.</param>
public sealed record EmbeddingModelInfo(string Name, int Dimensions, string? Pooling = null, bool Normalized = true)
{
    /// <summary>
    /// Whether vectors of <paramref name="other"/> can share an index with vectors of this model: same name
    /// (ignoring case), dimensions, pooling and normalisation.
    /// </summary>
    public bool IsCompatibleWith(EmbeddingModelInfo other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase)
            && Dimensions == other.Dimensions
            && string.Equals(Pooling, other.Pooling, StringComparison.OrdinalIgnoreCase)
            && Normalized == other.Normalized;
    }

    /// <summary>A one-line description such as "bge-small (384 dims, mean pooling, normalised)".</summary>
    public override string ToString() =>
        $"{Name} ({Dimensions} dims, {Pooling ?? "unknown"} pooling, {(Normalized ? "normalised" : "not normalised")})";
}
