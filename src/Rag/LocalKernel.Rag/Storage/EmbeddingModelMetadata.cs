using System.Globalization;

namespace LocalKernel.Rag;

/// <summary>
/// How a store records the embedding model its vectors came from, as key/value metadata rows: one layout for the
/// SQLite and the PostgreSQL store, so both read and refuse models the same way.
/// </summary>
internal static class EmbeddingModelMetadata
{
    private const string Name = "embedding_model";
    private const string Dimensions = "embedding_dimensions";
    private const string Pooling = "embedding_pooling";
    private const string Normalized = "embedding_normalized";

    /// <summary>The recorded model, or null when the store has none yet.</summary>
    public static EmbeddingModelInfo? Read(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(Name, out var name))
        {
            return null;
        }

        return new EmbeddingModelInfo(
            name,
            int.Parse(metadata[Dimensions], CultureInfo.InvariantCulture),
            metadata.TryGetValue(Pooling, out var pooling) && pooling.Length > 0 ? pooling : null,
            metadata.TryGetValue(Normalized, out var normalized) && normalized == "1");
    }

    /// <summary>The rows that record <paramref name="model"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Rows(EmbeddingModelInfo model) =>
    [
        new(Name, model.Name),
        new(Dimensions, model.Dimensions.ToString(CultureInfo.InvariantCulture)),
        new(Pooling, model.Pooling ?? string.Empty),
        new(Normalized, model.Normalized ? "1" : "0"),
    ];
}
